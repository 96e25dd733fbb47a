import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { HttpDocumentTable } from '../../../shared/aws/http-document-table.ts';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import { isConditionalCheckFailure, transactionCancellationOf, type DocumentTable } from '../../../shared/store/document-table.ts';
import { answerOnly, failureOf, replacerOf } from '../../support/document-table-comparison.ts';
import { EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { fieldReport, storedFieldReport } from '../../support/field-report.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

/**
 * The stream function's table adapter (signed HTTP, no SDK client) against DynamoDB Local, each
 * call beside the same call through the SDK's DocumentClient: answers and stored items must be
 * equal. What the emulator cannot do is in `http-document-table-faults.test.ts`; the two
 * adapters' bytes on the wire are compared in `http-document-table-wire.test.ts`.
 */
const dynamoDb = new DynamoDBClient({ region: EMULATOR_REGION, endpoint: inject('dynamoDbEndpoint'), credentials: { ...EMULATOR_CREDENTIALS } });
const documents = DynamoDBDocumentClient.from(dynamoDb, { marshallOptions: { removeUndefinedValues: true } });
const sdk = new SdkDocumentTable(documents);
const http = new HttpDocumentTable({ region: EMULATOR_REGION, endpoint: inject('dynamoDbEndpoint'), credentials: { ...EMULATOR_CREDENTIALS } });
const TableName = uniqueResourceName('http-document-table');

beforeAll(async () => {
  await createTable(dynamoDb, TableName);
});

afterAll(() => {
  documents.destroy();
  dynamoDb.destroy();
});

const storedByEach = (table: DocumentTable, pk: string, sk = 'ITEM') => table.get({ TableName, Key: { pk, sk }, ConsistentRead: true });

describe('HttpDocumentTable against DynamoDB Local, beside the SDK DocumentClient', () => {
  it('puts an item that both adapters read back equal to what the DocumentClient stores, undefined values left out', async () => {
    await http.put({ TableName, Item: { pk: 'PUT#http', sk: 'ITEM', ...fieldReport() } });
    await sdk.put({ TableName, Item: { pk: 'PUT#sdk', sk: 'ITEM', ...fieldReport() } });
    const throughSdk = await storedByEach(sdk, 'PUT#http');
    expect(throughSdk.Item).toEqual({ pk: 'PUT#http', sk: 'ITEM', ...storedFieldReport() });
    expect(answerOnly(await storedByEach(http, 'PUT#http'))).toEqual(answerOnly(throughSdk));
    expect((await storedByEach(http, 'PUT#sdk')).Item).toEqual({ ...throughSdk.Item, pk: 'PUT#sdk' });
    expect(answerOnly(await storedByEach(http, 'PUT#nobody'))).toEqual(answerOnly(await storedByEach(sdk, 'PUT#nobody')));
  });

  it('answers a put, an update and a delete with the same Attributes as the DocumentClient', async () => {
    for (const pk of ['WRITE#http', 'WRITE#sdk']) await sdk.put({ TableName, Item: { pk, sk: 'ITEM', ...fieldReport() } });
    const each = async (table: DocumentTable, pk: string) => {
      const replaced = await table.put({ TableName, Item: { pk, sk: 'ITEM', title: 'Замена', count: 1 }, ReturnValues: 'ALL_OLD' });
      const updated = await table.update({
        TableName,
        Key: { pk, sk: 'ITEM' },
        UpdateExpression: 'SET #count = #count + :step, sources = :sources, #location = :location REMOVE title',
        ConditionExpression: 'attribute_exists(pk) AND #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#location': 'location' },
        ExpressionAttributeValues: { ':step': 2, ':limit': 10, ':sources': ['مصاحبه', { page: 3, gone: undefined }], ':location': { city: 'Бишкек' } },
        ReturnValues: 'ALL_NEW',
      });
      const deleted = await table.delete({ TableName, Key: { pk, sk: 'ITEM' }, ConditionExpression: '#count = :three', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':three': 3 }, ReturnValues: 'ALL_OLD' });
      return [replaced, updated, deleted].map((answer) => answerOnly(answer));
    };
    const [throughHttp, throughSdk] = [await each(http, 'WRITE#http'), await each(sdk, 'WRITE#sdk')];
    expect(throughHttp[1]?.Attributes).toEqual({ pk: 'WRITE#http', sk: 'ITEM', count: 3, sources: ['مصاحبه', { page: 3 }], location: { city: 'Бишкек' } });
    expect(JSON.stringify(throughHttp, replacerOf('WRITE#http'))).toBe(JSON.stringify(throughSdk, replacerOf('WRITE#sdk')));
    expect(throughHttp[0]?.Attributes).toEqual({ pk: 'WRITE#http', sk: 'ITEM', ...storedFieldReport() });
    expect((await storedByEach(sdk, 'WRITE#http')).Item).toBeUndefined();
  });

  it('pages through a Query and a Scan as the DocumentClient does, sending each LastEvaluatedKey back as it came', async () => {
    const pk = 'PAGED#reports';
    await sdk.batchWrite({ RequestItems: { [TableName]: Array.from({ length: 7 }, (_, index) => ({ PutRequest: { Item: { pk, sk: `2026-11-${String(10 + index)}#report-${index}`, position: index, title: `Доклад ${index}` } } })) } });
    const pages = async (read: (startKey: Record<string, unknown> | undefined) => Promise<{ Items?: unknown[]; LastEvaluatedKey?: Record<string, unknown>; Count?: number }>) => {
      const seen: unknown[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await read(startKey);
        seen.push(answerOnly(page));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return seen;
    };
    const query = (table: DocumentTable) => (ExclusiveStartKey: Record<string, unknown> | undefined) =>
      table.query({ TableName, KeyConditionExpression: 'pk = :pk AND sk >= :from', ExpressionAttributeValues: { ':pk': pk, ':from': '2026-11-11' }, ScanIndexForward: false, Limit: 2, ConsistentRead: true, ExclusiveStartKey });
    const queried = await pages(query(http));
    expect(queried).toEqual(await pages(query(sdk)));
    expect(queried.flatMap((page) => (page as { Items: { position: number }[] }).Items.map((item) => item.position))).toEqual([6, 5, 4, 3, 2, 1]);
    const scan = (table: DocumentTable) => (ExclusiveStartKey: Record<string, unknown> | undefined) =>
      table.scan({ TableName, FilterExpression: 'pk = :pk AND #position > :one', ExpressionAttributeNames: { '#position': 'position' }, ExpressionAttributeValues: { ':pk': pk, ':one': 1 }, Limit: 3, ExclusiveStartKey });
    const scanned = await pages(scan(http));
    expect(scanned).toEqual(await pages(scan(sdk)));
    expect(scanned.flatMap((page) => (page as { Items: unknown[] }).Items)).toHaveLength(5);
  });

  it('batch-writes puts and deletes and batch-gets items as the DocumentClient does', async () => {
    const writes = (prefix: string) => ({
      RequestItems: {
        [TableName]: [
          { PutRequest: { Item: { pk: `${prefix}#a`, sk: 'ITEM', ...fieldReport() } } },
          { PutRequest: { Item: { pk: `${prefix}#b`, sk: 'ITEM', title: 'Вторая заметка', draft: undefined } } },
          { DeleteRequest: { Key: { pk: `${prefix}#c`, sk: 'ITEM' } } },
        ],
      },
    });
    for (const prefix of ['BATCH#http', 'BATCH#sdk']) await sdk.put({ TableName, Item: { pk: `${prefix}#c`, sk: 'ITEM', title: 'to delete' } });
    expect(answerOnly(await http.batchWrite(writes('BATCH#http')))).toEqual(answerOnly(await sdk.batchWrite(writes('BATCH#sdk'))));
    const gets = (prefix: string) => ({ RequestItems: { [TableName]: { Keys: ['a', 'b', 'c'].map((suffix) => ({ pk: `${prefix}#${suffix}`, sk: 'ITEM' })), ConsistentRead: true } } });
    const [throughHttp, throughSdk] = [answerOnly(await http.batchGet(gets('BATCH#http'))), answerOnly(await sdk.batchGet(gets('BATCH#sdk')))];
    const byKey = (answer: typeof throughHttp) => [...(answer.Responses?.[TableName] ?? [])].sort((one, other) => String(one.pk).localeCompare(String(other.pk)));
    expect(JSON.stringify(byKey(throughHttp), replacerOf('BATCH#http'))).toBe(JSON.stringify(byKey(throughSdk), replacerOf('BATCH#sdk')));
    expect(byKey(throughHttp)).toEqual([
      { pk: 'BATCH#http#a', sk: 'ITEM', ...storedFieldReport() },
      { pk: 'BATCH#http#b', sk: 'ITEM', title: 'Вторая заметка' },
    ]);
    expect(throughHttp.UnprocessedKeys).toEqual(throughSdk.UnprocessedKeys);
  });

  it('converts the legacy condition parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter) as the DocumentClient does', async () => {
    const each = async (table: DocumentTable, pk: string) => {
      await table.put({ TableName, Item: { pk, sk: 'ITEM', status: 'draft', views: 3 }, Expected: { pk: { Exists: false } } });
      await table.update({
        TableName,
        Key: { pk, sk: 'ITEM' },
        AttributeUpdates: { status: { Action: 'PUT', Value: 'опубликовано' }, tags: { Action: 'ADD', Value: new Set(['حقوق']) } },
        Expected: { views: { ComparisonOperator: 'BETWEEN', AttributeValueList: [1, 5] } },
      });
      return table.query({
        TableName,
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [pk] } },
        QueryFilter: { status: { ComparisonOperator: 'IN', AttributeValueList: ['опубликовано', 'archived'] } },
        ConsistentRead: true,
      });
    };
    const [throughHttp, throughSdk] = [answerOnly(await each(http, 'LEGACY#http')), answerOnly(await each(sdk, 'LEGACY#sdk'))];
    expect(throughHttp.Items).toEqual([{ pk: 'LEGACY#http', sk: 'ITEM', status: 'опубликовано', views: 3, tags: new Set(['حقوق']) }]);
    expect(JSON.stringify(throughHttp, replacerOf('LEGACY#http'))).toBe(JSON.stringify(throughSdk, replacerOf('LEGACY#sdk')));
  });

  it('writes a transaction of a put, an update, a delete and a passing check as the DocumentClient does', async () => {
    const transaction = (prefix: string) => ({
      TransactItems: [
        { Put: { TableName, Item: { pk: `${prefix}#new`, sk: 'ITEM', ...fieldReport() }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName, Key: { pk: `${prefix}#old`, sk: 'ITEM' }, UpdateExpression: 'SET tags = :tags', ExpressionAttributeValues: { ':tags': new Set(['خبر', 'новость']) } } },
        { Delete: { TableName, Key: { pk: `${prefix}#gone`, sk: 'ITEM' }, ConditionExpression: 'title = :title', ExpressionAttributeValues: { ':title': 'снять с публикации' } } },
        { ConditionCheck: { TableName, Key: { pk: `${prefix}#guard`, sk: 'ITEM' }, ConditionExpression: 'published = :yes', ExpressionAttributeValues: { ':yes': true } } },
      ],
    });
    for (const prefix of ['TX#http', 'TX#sdk']) {
      await sdk.batchWrite({
        RequestItems: {
          [TableName]: [
            { PutRequest: { Item: { pk: `${prefix}#old`, sk: 'ITEM', title: 'Старая' } } },
            { PutRequest: { Item: { pk: `${prefix}#gone`, sk: 'ITEM', title: 'снять с публикации' } } },
            { PutRequest: { Item: { pk: `${prefix}#guard`, sk: 'ITEM', published: true } } },
          ],
        },
      });
    }
    expect(answerOnly(await http.transactWrite(transaction('TX#http')))).toEqual(answerOnly(await sdk.transactWrite(transaction('TX#sdk'))));
    for (const suffix of ['new', 'old', 'gone']) {
      const [throughHttp, throughSdk] = [await storedByEach(sdk, `TX#http#${suffix}`), await storedByEach(sdk, `TX#sdk#${suffix}`)];
      expect(JSON.stringify(throughHttp.Item, replacerOf('TX#http'))).toBe(JSON.stringify(throughSdk.Item, replacerOf('TX#sdk')));
    }
    expect((await storedByEach(sdk, 'TX#http#old')).Item).toEqual({ pk: 'TX#http#old', sk: 'ITEM', title: 'Старая', tags: new Set(['خبر', 'новость']) });
  });

  it('throws a cancelled transaction that the store reads as the SDK error: one reason per action, the failed check named', async () => {
    await sdk.put({ TableName, Item: { pk: 'CANCEL#guard', sk: 'ITEM', published: false, title: 'پیش‌نویس' } });
    const transaction = {
      TransactItems: [
        { Put: { TableName, Item: { pk: 'CANCEL#new', sk: 'ITEM', title: 'never written' } } },
        { ConditionCheck: { TableName, Key: { pk: 'CANCEL#guard', sk: 'ITEM' }, ConditionExpression: 'published = :yes', ExpressionAttributeValues: { ':yes': true }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } },
      ],
    };
    const [throughHttp, throughSdk] = [await failureOf(http.transactWrite(transaction)), await failureOf(sdk.transactWrite(transaction))];
    expect(throughHttp.name).toBe('TransactionCanceledException');
    expect(throughHttp.message).toBe(throughSdk.message);
    const codes = (error: unknown) => transactionCancellationOf(error)?.reasons?.map((reason) => reason.Code);
    expect(codes(throughHttp)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(codes(throughHttp)).toEqual(codes(throughSdk));
    expect((throughHttp.CancellationReasons as { Item?: unknown }[])[1]?.Item).toEqual({ pk: 'CANCEL#guard', sk: 'ITEM', published: false, title: 'پیش‌نویس' });
    expect(throughHttp.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    expect((await storedByEach(sdk, 'CANCEL#new')).Item).toBeUndefined();
  });

  it('throws a refused condition that isConditionalCheckFailure recognises, with the SDK error’s message', async () => {
    await sdk.put({ TableName, Item: { pk: 'COND#taken', sk: 'ITEM', title: 'first' } });
    const put = { TableName, Item: { pk: 'COND#taken', sk: 'ITEM', title: 'second' }, ConditionExpression: 'attribute_not_exists(pk)' };
    const [throughHttp, throughSdk] = [await failureOf(http.put(put)), await failureOf(sdk.put(put))];
    expect(isConditionalCheckFailure(throughHttp)).toBe(true);
    expect(isConditionalCheckFailure(throughSdk)).toBe(true);
    expect(throughHttp).toMatchObject({ message: throughSdk.message, $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
    expect((await storedByEach(sdk, 'COND#taken')).Item?.title).toBe('first');
  });

  it('throws a ValidationException with DynamoDB’s name and message at the first attempt', async () => {
    const query = { TableName, KeyConditionExpression: 'pk = = :pk', ExpressionAttributeValues: { ':pk': 'x' } };
    const [throughHttp, throughSdk] = [await failureOf(http.query(query)), await failureOf(sdk.query(query))];
    expect(throughHttp).toBeInstanceOf(Error);
    expect(throughHttp).toMatchObject({ name: 'ValidationException', message: throughSdk.message, $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
    expect(throughSdk.name).toBe('ValidationException');
  });

  it('reads numbers as the DocumentClient does: large integers as bigint, and refuses the ones a number would round', async () => {
    await sdk.put({ TableName, Item: { pk: 'NUMBERS#big', sk: 'ITEM', views: NumberValue.from('12345678901234567890') } });
    await sdk.put({ TableName, Item: { pk: 'NUMBERS#precise', sk: 'ITEM', share: NumberValue.from('12345678901234567890.5') } });
    expect((await storedByEach(http, 'NUMBERS#big')).Item).toEqual({ pk: 'NUMBERS#big', sk: 'ITEM', views: 12345678901234567890n });
    const [throughHttp, throughSdk] = [await failureOf(storedByEach(http, 'NUMBERS#precise')), await failureOf(storedByEach(sdk, 'NUMBERS#precise'))];
    expect(throughHttp.message).toBe(throughSdk.message);
    const unsafe = { TableName, Item: { pk: 'NUMBERS#unsafe', sk: 'ITEM', views: 2 ** 53 + 2 } };
    expect((await failureOf(http.put(unsafe))).message).toBe((await failureOf(sdk.put(unsafe))).message);
  });
});
