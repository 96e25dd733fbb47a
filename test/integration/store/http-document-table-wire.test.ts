import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpDocumentTable } from '../../../shared/aws/http-document-table.ts';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import type { DocumentTable } from '../../../shared/store/document-table.ts';
import { answerOnly, failureOf } from '../../support/document-table-comparison.ts';
import { DynamoDbDouble, dynamoDbErrorBody } from '../../support/dynamodb-double.ts';
import { fieldReport } from '../../support/field-report.ts';

/**
 * The stream function's table adapter and the SDK's DocumentClient sent the same calls, and given
 * the same answers, by one loopback double: the request bodies DynamoDB receives and the answers
 * and errors the stores get must be equal, in every place lib-dynamodb converts a value, the
 * legacy condition parameters and the answers the emulator never gives (item collection
 * metrics, unprocessed items) included.
 */
const DOUBLE_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
let double: DynamoDbDouble;

function doubleTable(): HttpDocumentTable {
  return new HttpDocumentTable({ region: 'eu-central-1', endpoint: double.endpoint, credentials: DOUBLE_CREDENTIALS });
}

const A_GET = { TableName: 'posts', Key: { pk: 'POST#1', sk: 'POST' } };

/** An item in DynamoDB's JSON: every type, binary in base64, right-to-left and Cyrillic text. */
const WIRE_ITEM = {
  pk: { S: 'POST#1' },
  sk: { S: 'POST' },
  title: { S: 'حق اعتراض: یادداشت‌های یک ناظر' },
  views: { N: '1834' },
  audience: { N: '12345678901234567890' },
  rating: { N: '-2.75' },
  published: { BOOL: true },
  editor: { NULL: true },
  tags: { SS: ['assembly', 'детention'] },
  revisions: { NS: ['1', '2.5'] },
  signature: { B: Buffer.from([0, 1, 127, 128, 255]).toString('base64') },
  fingerprints: { BS: [Buffer.from([1, 2]).toString('base64')] },
  sources: { L: [{ M: { name: { S: 'Field team' }, contacts: { L: [{ S: 'legal aid' }] } } }, { S: 'unnamed witness' }] },
  location: { M: { names: { M: { ru: { S: 'площадь Республики' }, fa: { S: 'میدان جمهوری' } } } } },
};
const WIRE_KEY = { pk: { S: 'POST#1' }, sk: { S: 'POST' } };
const KEY = { pk: 'POST#1', sk: 'POST' };
const METRICS = { ItemCollectionKey: { pk: { S: 'POST#1' } }, SizeEstimateRangeGB: [0, 1] };
const CAPACITY = { TableName: 'posts', CapacityUnits: 1.5 };

/** One call of each operation with every place a value can sit, and an answer with every place one comes back. */
const EVERY_OPERATION: { operation: keyof DocumentTable; input: object; answer: object }[] = [
  { operation: 'get', input: { TableName: 'posts', Key: KEY, ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': 'title' }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }, answer: { Item: WIRE_ITEM, ConsumedCapacity: CAPACITY } },
  {
    operation: 'put',
    input: { TableName: 'posts', Item: { ...KEY, ...fieldReport() }, ConditionExpression: 'attribute_not_exists(pk) OR views < :cap', ExpressionAttributeValues: { ':cap': 10, ':unused': undefined }, ReturnValues: 'ALL_OLD', ReturnItemCollectionMetrics: 'SIZE' },
    answer: { Attributes: WIRE_ITEM, ItemCollectionMetrics: METRICS },
  },
  {
    operation: 'put',
    input: { TableName: 'posts', Item: { ...KEY, title: 'Старое правило' }, Expected: { views: { ComparisonOperator: 'BETWEEN', AttributeValueList: [1, 5] }, title: { Value: 'черновик', Exists: true } }, ConditionalOperator: 'AND' },
    answer: {},
  },
  {
    operation: 'update',
    input: { TableName: 'posts', Key: KEY, UpdateExpression: 'SET #s = :s, sources = list_append(sources, :more)', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'опубликовано', ':more': [{ name: 'desk', note: undefined }] }, ReturnValues: 'ALL_NEW' },
    answer: { Attributes: WIRE_ITEM, ItemCollectionMetrics: METRICS },
  },
  {
    operation: 'update',
    input: { TableName: 'posts', Key: KEY, AttributeUpdates: { tags: { Action: 'ADD', Value: new Set(['حقوق']) }, draft: { Action: 'DELETE' } }, Expected: { views: { ComparisonOperator: 'GT', AttributeValueList: [0] } } },
    answer: {},
  },
  { operation: 'delete', input: { TableName: 'posts', Key: KEY, ConditionExpression: 'published = :no', ExpressionAttributeValues: { ':no': false }, ReturnValues: 'ALL_OLD' }, answer: { Attributes: WIRE_ITEM, ConsumedCapacity: CAPACITY } },
  {
    operation: 'query',
    input: { TableName: 'posts', IndexName: 'byDate', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)', FilterExpression: 'contains(tags, :tag)', ExpressionAttributeValues: { ':pk': 'FEED#all', ':day': '2026-11', ':tag': 'press' }, ExclusiveStartKey: { pk: 'FEED#all', sk: '2026-11-30#p1' }, Limit: 2, ScanIndexForward: false },
    answer: { Items: [WIRE_ITEM, WIRE_ITEM], Count: 2, ScannedCount: 3, LastEvaluatedKey: WIRE_KEY },
  },
  {
    operation: 'query',
    input: { TableName: 'posts', KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: ['FEED#all'] } }, QueryFilter: { views: { ComparisonOperator: 'GE', AttributeValueList: [100] } } },
    answer: { Items: [], Count: 0, ScannedCount: 0 },
  },
  {
    operation: 'scan',
    input: { TableName: 'posts', ScanFilter: { title: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: ['حق'] } }, ExclusiveStartKey: KEY, Segment: 1, TotalSegments: 4, Select: 'ALL_ATTRIBUTES' },
    answer: { Items: [WIRE_ITEM], Count: 1, ScannedCount: 9, LastEvaluatedKey: WIRE_KEY },
  },
  {
    operation: 'batchGet',
    input: { RequestItems: { posts: { Keys: [KEY, { pk: 'POST#2', sk: 'POST' }], ConsistentRead: true, ProjectionExpression: 'title' } } },
    answer: { Responses: { posts: [WIRE_ITEM] }, UnprocessedKeys: { posts: { Keys: [WIRE_KEY], ConsistentRead: true, ProjectionExpression: 'title' } } },
  },
  {
    operation: 'batchWrite',
    input: { RequestItems: { posts: [{ PutRequest: { Item: { ...KEY, ...fieldReport() } } }, { DeleteRequest: { Key: { pk: 'POST#2', sk: 'POST' } } }] } },
    answer: { UnprocessedItems: { posts: [{ PutRequest: { Item: WIRE_ITEM } }, { DeleteRequest: { Key: WIRE_KEY } }] }, ItemCollectionMetrics: { posts: [METRICS] } },
  },
  {
    operation: 'transactWrite',
    input: {
      ClientRequestToken: 'report-2026-11-30',
      TransactItems: [
        { Put: { TableName: 'posts', Item: { ...KEY, ...fieldReport() }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: 'posts', Key: { pk: 'POST#2', sk: 'POST' }, UpdateExpression: 'SET tags = :tags', ExpressionAttributeValues: { ':tags': new Set(['خبر']) } } },
        { Delete: { TableName: 'posts', Key: { pk: 'POST#3', sk: 'POST' }, ConditionExpression: 'title = :t', ExpressionAttributeValues: { ':t': 'снять' } } },
        { ConditionCheck: { TableName: 'posts', Key: { pk: 'POST#4', sk: 'POST' }, ConditionExpression: 'published = :yes', ExpressionAttributeValues: { ':yes': true } } },
      ],
      ReturnItemCollectionMetrics: 'SIZE',
    } satisfies TransactWriteCommandInput,
    answer: { ItemCollectionMetrics: { posts: [METRICS] } },
  },
];


describe('HttpDocumentTable and the SDK DocumentClient against the same loopback double', () => {
  let sdkClient: DynamoDBClient;
  let sdkOnDouble: SdkDocumentTable;

  beforeAll(async () => {
    double = await DynamoDbDouble.start();
    sdkClient = new DynamoDBClient({ region: 'eu-central-1', endpoint: double.endpoint, credentials: DOUBLE_CREDENTIALS });
    sdkOnDouble = new SdkDocumentTable(DynamoDBDocumentClient.from(sdkClient, { marshallOptions: { removeUndefinedValues: true } }));
  });

  afterEach(() => {
    double.reset();
  });

  afterAll(async () => {
    sdkClient.destroy();
    await double.stop();
  });

  it.each(EVERY_OPERATION.map((call) => [call.operation, Object.keys(call.input).join(', '), call] as const))('%s (%s): the same request body and target, the same answer', async (_operation, _fields, call) => {
    const body = JSON.stringify(call.answer);
    double.script = [{ status: 200, body }, { status: 200, body }];
    const send = (table: DocumentTable) => (table[call.operation] as (input: object) => Promise<object>).call(table, call.input);
    const [throughHttp, throughSdk] = [await send(doubleTable()), answerOnly(await send(sdkOnDouble))];
    expect(throughHttp).toEqual(throughSdk);
    const [httpRequest, sdkRequest] = double.seen;
    expect(JSON.parse(httpRequest?.body ?? '')).toEqual(JSON.parse(sdkRequest?.body ?? ''));
    expect(httpRequest?.headers['x-amz-target']).toBe(sdkRequest?.headers['x-amz-target']);
    expect(httpRequest?.headers['content-type']).toBe(sdkRequest?.headers['content-type']);
  });

  it.each([
    ['ConditionalCheckFailedException', 400, { Item: WIRE_ITEM }],
    ['ValidationException', 400, {}],
    ['ResourceNotFoundException', 400, {}],
    ['ItemCollectionSizeLimitExceededException', 400, {}],
  ])('%s: the same name, message, fault, status and request id', async (code, status, fields) => {
    const error = { status, body: dynamoDbErrorBody(code, `${code} from the double`, fields, 'Message') };
    double.script = [error, error];
    const [throughHttp, throughSdk] = [await failureOf(doubleTable().get(A_GET)), await failureOf(sdkOnDouble.get(A_GET))];
    const comparable = (failure: Error & Record<string, unknown>) => ({ name: failure.name, message: failure.message, $fault: failure.$fault, ...(failure.$metadata as object) });
    expect({ ...comparable(throughHttp), requestId: 'same' }).toEqual({ ...comparable(throughSdk), requestId: 'same', totalRetryDelay: undefined, extendedRequestId: undefined, cfId: undefined });
  });
});
