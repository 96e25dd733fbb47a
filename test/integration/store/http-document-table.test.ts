import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
import { Crc32Js } from '@smithy/core/checksum';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { HttpDocumentTable } from '../../../shared/aws/http-document-table.ts';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import { isConditionalCheckFailure, transactionCancellationOf, type DocumentTable } from '../../../shared/store/document-table.ts';
import { EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

/**
 * The stream function's table adapter (signed HTTP, no SDK client) against DynamoDB Local, each
 * call beside the same call through the SDK's DocumentClient: answers and stored items must be
 * equal. A loopback double then plays what the emulator cannot: throttling, server errors, reset
 * connections, damaged answers.
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

/** A report as an editor might file it: right-to-left and Cyrillic text, every kind of value, and attributes left undefined. */
function fieldReport() {
  return {
    title: 'حق اعتراض: یادداشت‌های یک ناظر از میدان',
    summary: 'Право на мирный протест — заметки наблюдателя',
    body: 'Observers counted 212 people held overnight; lawyers were turned away at the gate. ✊🏽',
    wordCount: 1834,
    rating: -2.75,
    largestSafe: Number.MAX_SAFE_INTEGER,
    published: true,
    embargoed: false,
    editor: null,
    tags: new Set(['assembly', 'detention', 'press-freedom']),
    revisions: new Set([1, 2, 3.5]),
    signature: new Uint8Array([0, 1, 127, 128, 255]),
    sources: [{ name: 'Field team', verified: true, contacts: ['desk', 'legal aid'] }, 'unnamed witness', 7, null],
    location: { city: 'Almaty', coordinates: [43.238, 76.889], names: { ru: 'площадь Республики', fa: 'میدان جمهوری' }, note: undefined },
    correction: undefined,
  };
}

const storedByEach = (table: DocumentTable, pk: string, sk = 'ITEM') => table.get({ TableName, Key: { pk, sk }, ConsistentRead: true });

/** An answer without what differs between two calls however equal they are. */
function answerOnly<Answer extends object>(answer: Answer): Omit<Answer, '$metadata'> {
  const { $metadata: _, ...rest } = answer as Answer & { $metadata?: unknown };
  return rest;
}

async function failureOf(call: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('the call succeeded');
}

describe('HttpDocumentTable against DynamoDB Local, beside the SDK DocumentClient', () => {
  it('puts an item that both adapters read back equal to what the DocumentClient stores, undefined values left out', async () => {
    await http.put({ TableName, Item: { pk: 'PUT#http', sk: 'ITEM', ...fieldReport() } });
    await sdk.put({ TableName, Item: { pk: 'PUT#sdk', sk: 'ITEM', ...fieldReport() } });
    const throughSdk = await storedByEach(sdk, 'PUT#http');
    const { correction: _, location: { note: __, ...location }, ...expected } = fieldReport();
    expect(throughSdk.Item).toEqual({ pk: 'PUT#http', sk: 'ITEM', ...expected, location });
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
    expect(throughHttp[0]?.Attributes).toEqual({ pk: 'WRITE#http', sk: 'ITEM', ...withoutUndefined(fieldReport()) });
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
      { pk: 'BATCH#http#a', sk: 'ITEM', ...withoutUndefined(fieldReport()) },
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

/** Two calls' answers compared as text, with each one's own key prefix made the same. */
function replacerOf(prefix: string) {
  return (_key: string, value: unknown) => {
    if (typeof value === 'string') return value.replace(prefix, '<prefix>');
    if (value instanceof Set) return [...value];
    if (value instanceof Uint8Array) return [...value];
    return value;
  };
}

function withoutUndefined(report: ReturnType<typeof fieldReport>) {
  const { correction: _, location: { note: __, ...location }, ...rest } = report;
  return { ...rest, location };
}

/** A loopback stand-in for DynamoDB that answers each request with the next scripted response. */
interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Drop the connection instead of answering. */
  reset?: boolean;
}

interface SeenRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let double: Server;
let script: ScriptedAnswer[] = [];
let seen: SeenRequest[] = [];

function answer(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    seen.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    const next = script.shift() ?? { status: 500, body: dynamoDbError('NoScript', 'the double has no answer left') };
    if (next.reset === true) {
      request.socket.destroy();
      return;
    }
    const body = next.body ?? '{}';
    response.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `request-${seen.length}`, 'x-amz-crc32': String(crc32(body)), ...next.headers }).end(body);
  });
}

/** The CRC-32 DynamoDB puts in `x-amz-crc32`, in decimal. */
function crc32(body: string): number {
  const crc = new Crc32Js();
  crc.update(Buffer.from(body, 'utf8'));
  return crc.digestSync();
}

function dynamoDbError(code: string, message: string, fields: Record<string, unknown> = {}, messageField = 'message'): string {
  return JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, [messageField]: message, ...fields });
}

function doubleTable(): HttpDocumentTable {
  const { port } = double.address() as AddressInfo;
  return new HttpDocumentTable({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
}

const THROTTLED = { status: 400, body: dynamoDbError('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.') };
const AN_ITEM = JSON.stringify({ Item: { pk: { S: 'POST#1' }, sk: { S: 'POST' }, title: { S: 'Свобода слова' }, signature: { B: Buffer.from([1, 2, 3]).toString('base64') } } });
const A_GET = { TableName: 'posts', Key: { pk: 'POST#1', sk: 'POST' } };

describe('HttpDocumentTable against a loopback DynamoDB double', () => {
  beforeAll(async () => {
    double = createServer(answer);
    await new Promise<void>((resolve) => double.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => {
    script = [];
    seen = [];
    vi.restoreAllMocks();
  });

  afterAll(() => new Promise<void>((resolve) => double.close(() => resolve())));

  /** The retry strategy's backoff is a random share of its delay: none at all, so throttling tests do not wait seconds. */
  const withoutBackoff = () => vi.spyOn(Math, 'random').mockReturnValue(0);

  it('posts DynamoDB JSON 1.0 to / with its target, signed with SigV4 for dynamodb, binary as base64', async () => {
    script = [{ status: 200, body: '{}' }];
    await doubleTable().put({ TableName: 'posts', Item: { pk: 'POST#1', sk: 'POST', signature: new Uint8Array([1, 2, 255]), gone: undefined } });
    const [request] = seen;
    expect(request?.url).toBe('/');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(request?.body ?? '')).toEqual({ TableName: 'posts', Item: { pk: { S: 'POST#1' }, sk: { S: 'POST' }, signature: { B: Buffer.from([1, 2, 255]).toString('base64') } } });
  });

  it('reads an answer into plain values, binary as a Uint8Array', async () => {
    script = [{ status: 200, body: AN_ITEM }];
    expect(await doubleTable().get(A_GET)).toEqual({ Item: { pk: 'POST#1', sk: 'POST', title: 'Свобода слова', signature: new Uint8Array([1, 2, 3]) } });
  });

  it('retries a throttled call, then succeeds', async () => {
    withoutBackoff();
    script = [THROTTLED, { status: 200, body: AN_ITEM }];
    expect((await doubleTable().get(A_GET)).Item?.title).toBe('Свобода слова');
    expect(seen).toHaveLength(2);
  });

  it('retries server errors and a dropped connection, then succeeds', async () => {
    script = [{ status: 500, body: dynamoDbError('InternalServerError', 'Internal server error') }, { status: 503, body: 'Service Unavailable' }, { status: 0, reset: true }, { status: 200, body: AN_ITEM }];
    expect((await doubleTable().get(A_GET)).Item?.pk).toBe('POST#1');
    expect(seen).toHaveLength(4);
  });

  it('gives up after the DynamoDB client’s four attempts with the throttling error, its status, request id and attempts', async () => {
    withoutBackoff();
    script = [THROTTLED, THROTTLED, THROTTLED, THROTTLED, { status: 200, body: AN_ITEM }];
    const error = await failureOf(doubleTable().get(A_GET));
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'request-4', attempts: 4 } });
    expect(seen).toHaveLength(4);
  });

  it('sends a ValidationException and a refused condition back at once, reading `Message` as well as `message`', async () => {
    script = [
      { status: 400, body: dynamoDbError('ValidationException', 'Invalid KeyConditionExpression: Syntax error') },
      { status: 400, body: dynamoDbError('ConditionalCheckFailedException', 'The conditional request failed', { Item: { pk: { S: 'POST#1' }, views: { N: '42' } } }, 'Message') },
    ];
    await expect(doubleTable().query({ TableName: 'posts', KeyConditionExpression: 'pk = = :pk' })).rejects.toMatchObject({ name: 'ValidationException', message: 'Invalid KeyConditionExpression: Syntax error', $metadata: { attempts: 1 } });
    expect(seen).toHaveLength(1);
    const refused = await failureOf(doubleTable().put({ TableName: 'posts', Item: { pk: 'POST#1' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    expect(isConditionalCheckFailure(refused)).toBe(true);
    expect(refused).toMatchObject({ message: 'The conditional request failed', Item: { pk: 'POST#1', views: 42 } });
    expect(seen).toHaveLength(2);
  });

  it('hands back unprocessed writes and keys as plain values that go out again exactly as the first time', async () => {
    const writes = { RequestItems: { posts: [{ PutRequest: { Item: { pk: 'POST#2', sk: 'POST', title: 'Голос', views: 5, tags: new Set(['a']) } } }, { DeleteRequest: { Key: { pk: 'POST#3', sk: 'POST' } } }] } };
    const gets = { RequestItems: { posts: { Keys: [{ pk: 'POST#2', sk: 'POST' }], ProjectionExpression: 'title' } } };
    const echoOf = (field: string, request?: SeenRequest) => JSON.stringify({ [field]: (JSON.parse(request?.body ?? '{}') as { RequestItems: unknown }).RequestItems });
    script = [{ status: 200, body: '{}' }, { status: 200, body: '{}' }];
    await doubleTable().batchWrite(writes);
    await doubleTable().batchGet(gets);
    script = [{ status: 200, body: echoOf('UnprocessedItems', seen[0]) }, { status: 200, body: echoOf('UnprocessedKeys', seen[1]) }];
    const [unwritten, unread] = [await doubleTable().batchWrite(writes), await doubleTable().batchGet(gets)];
    expect(unwritten.UnprocessedItems).toEqual(writes.RequestItems);
    expect(unread.UnprocessedKeys).toEqual(gets.RequestItems);
    script = [{ status: 200, body: '{}' }, { status: 200, body: '{}' }];
    await doubleTable().batchWrite({ RequestItems: unwritten.UnprocessedItems ?? {} });
    await doubleTable().batchGet({ RequestItems: unread.UnprocessedKeys ?? {} });
    expect(seen[4]?.body).toBe(seen[0]?.body);
    expect(seen[5]?.body).toBe(seen[1]?.body);
  });

  it('sends one ClientRequestToken with every attempt of a transaction, so a retried one is not applied twice', async () => {
    script = [{ status: 500, body: dynamoDbError('InternalServerError', 'Internal server error') }, { status: 200, body: '{}' }];
    await doubleTable().transactWrite({ TransactItems: [{ Put: { TableName: 'posts', Item: { pk: 'POST#1', sk: 'POST' } } }] });
    const tokens = seen.map((request) => (JSON.parse(request.body) as { ClientRequestToken?: string }).ClientRequestToken);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('checks answers against the standard CRC-32 (its check value)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('refuses an answer that does not match its x-amz-crc32 header and asks again', async () => {
    script = [{ status: 200, body: AN_ITEM, headers: { 'x-amz-crc32': String((crc32(AN_ITEM) + 1) >>> 0) } }, { status: 200, body: AN_ITEM }];
    expect((await doubleTable().get(A_GET)).Item?.title).toBe('Свобода слова');
    expect(seen).toHaveLength(2);
  });

  it('gives up on answers that never match their checksum with CRC32CheckFailed', async () => {
    const damaged = { status: 200, body: AN_ITEM, headers: { 'x-amz-crc32': '1' } };
    script = [damaged, damaged, damaged, damaged];
    await expect(doubleTable().get(A_GET)).rejects.toMatchObject({ name: 'CRC32CheckFailed', $metadata: { attempts: 4 } });
  });
});
