import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpDocumentTable } from '../../../shared/aws/http-document-table.ts';
import type { SignedCallTimeouts } from '../../../shared/aws/signed-call-transport.ts';
import { isConditionalCheckFailure } from '../../../shared/store/document-table.ts';
import { failureOf } from '../../support/document-table-comparison.ts';
import { crc32Of, DynamoDbDouble, dynamoDbErrorBody, type SeenRequest } from '../../support/dynamodb-double.ts';

/**
 * The stream function's table adapter against a loopback DynamoDB double, for what DynamoDB
 * Local cannot do: throttle, fail, drop a connection, damage an answer. Retries must be the
 * DynamoDB client's (4 attempts, the SDK's classifiers), client errors must not be retried.
 */
let double: DynamoDbDouble;

function doubleTable(timeouts?: SignedCallTimeouts): HttpDocumentTable {
  return new HttpDocumentTable({ region: 'eu-central-1', endpoint: double.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, ...(timeouts ? { timeouts } : {}) });
}

const THROTTLED = { status: 400, body: dynamoDbErrorBody('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.') };
const AN_ITEM = JSON.stringify({ Item: { pk: { S: 'POST#1' }, sk: { S: 'POST' }, title: { S: 'Свобода слова' }, signature: { B: Buffer.from([1, 2, 3]).toString('base64') } } });
const A_GET = { TableName: 'posts', Key: { pk: 'POST#1', sk: 'POST' } };

describe('HttpDocumentTable against a loopback DynamoDB double', () => {
  beforeAll(async () => {
    double = await DynamoDbDouble.start();
  });

  afterEach(() => {
    double.reset();
    vi.restoreAllMocks();
  });

  afterAll(() => double.stop());

  /** The retry strategy's backoff is a random share of its delay: none at all, so throttling tests do not wait seconds. */
  const withoutBackoff = () => vi.spyOn(Math, 'random').mockReturnValue(0);

  it('posts DynamoDB JSON 1.0 to / with its target, signed with SigV4 for dynamodb, binary as base64', async () => {
    double.script = [{ status: 200, body: '{}' }];
    await doubleTable().put({ TableName: 'posts', Item: { pk: 'POST#1', sk: 'POST', signature: new Uint8Array([1, 2, 255]), gone: undefined } });
    const [request] = double.seen;
    expect(request?.url).toBe('/');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(request?.body ?? '')).toEqual({ TableName: 'posts', Item: { pk: { S: 'POST#1' }, sk: { S: 'POST' }, signature: { B: Buffer.from([1, 2, 255]).toString('base64') } } });
  });

  it('writes binary as base64 wherever it sits: in a map, a list, a set, or given as an ArrayBuffer', async () => {
    double.script = [{ status: 200, body: '{}' }];
    const base64 = (...bytes: number[]) => Buffer.from(bytes).toString('base64');
    await doubleTable().put({
      TableName: 'posts',
      Item: { pk: 'POST#1', nested: { inner: new Uint8Array([1]), list: [Buffer.from([2])] }, set: new Set([new Uint8Array([3])]), raw: new Uint8Array([4, 5]).buffer },
    });
    expect(JSON.parse(double.seen[0]?.body ?? '').Item).toEqual({
      pk: { S: 'POST#1' },
      nested: { M: { inner: { B: base64(1) }, list: { L: [{ B: base64(2) }] } } },
      set: { BS: [base64(3)] },
      raw: { B: base64(4, 5) },
    });
  });

  it('reads an answer into plain values, binary as a Uint8Array', async () => {
    double.script = [{ status: 200, body: AN_ITEM }];
    expect(await doubleTable().get(A_GET)).toEqual({ Item: { pk: 'POST#1', sk: 'POST', title: 'Свобода слова', signature: new Uint8Array([1, 2, 3]) } });
  });

  it('retries a throttled call, then succeeds', async () => {
    withoutBackoff();
    double.script = [THROTTLED, { status: 200, body: AN_ITEM }];
    expect((await doubleTable().get(A_GET)).Item?.title).toBe('Свобода слова');
    expect(double.seen).toHaveLength(2);
  });

  it('retries server errors and a dropped connection, then succeeds', async () => {
    double.script = [{ status: 500, body: dynamoDbErrorBody('InternalServerError', 'Internal server error') }, { status: 503, body: 'Service Unavailable' }, { status: 0, reset: true }, { status: 200, body: AN_ITEM }];
    expect((await doubleTable().get(A_GET)).Item?.pk).toBe('POST#1');
    expect(double.seen).toHaveLength(4);
  });

  it('gives up on an answer that never comes after its idle timeout, and asks again', async () => {
    double.script = [{ status: 0, stall: true }, { status: 200, body: AN_ITEM }];
    expect((await doubleTable({ connectMs: 1_000, idleMs: 200 }).get(A_GET)).Item?.pk).toBe('POST#1');
    expect(double.seen).toHaveLength(2);
  });

  it('reports a call whose answers never come as a TimeoutError after four attempts', async () => {
    double.script = Array.from({ length: 4 }, () => ({ status: 0, stall: true }));
    const failure = await doubleTable({ connectMs: 1_000, idleMs: 100 }).get(A_GET).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 4 } });
    expect(double.seen).toHaveLength(4);
  });

  it('gives up after the DynamoDB client’s four attempts with the throttling error, its status, request id and attempts', async () => {
    withoutBackoff();
    double.script = [THROTTLED, THROTTLED, THROTTLED, THROTTLED, { status: 200, body: AN_ITEM }];
    const error = await failureOf(doubleTable().get(A_GET));
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'request-4', attempts: 4 } });
    expect(double.seen).toHaveLength(4);
  });

  it('sends a ValidationException and a refused condition back at once, reading `Message` as well as `message`', async () => {
    double.script = [
      { status: 400, body: dynamoDbErrorBody('ValidationException', 'Invalid KeyConditionExpression: Syntax error') },
      { status: 400, body: dynamoDbErrorBody('ConditionalCheckFailedException', 'The conditional request failed', { Item: { pk: { S: 'POST#1' }, views: { N: '42' } } }, 'Message') },
    ];
    await expect(doubleTable().query({ TableName: 'posts', KeyConditionExpression: 'pk = = :pk' })).rejects.toMatchObject({ name: 'ValidationException', message: 'Invalid KeyConditionExpression: Syntax error', $metadata: { attempts: 1 } });
    expect(double.seen).toHaveLength(1);
    const refused = await failureOf(doubleTable().put({ TableName: 'posts', Item: { pk: 'POST#1' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    expect(isConditionalCheckFailure(refused)).toBe(true);
    expect(refused).toMatchObject({ message: 'The conditional request failed', Item: { pk: 'POST#1', views: 42 } });
    expect(double.seen).toHaveLength(2);
  });

  it('hands back unprocessed writes and keys as plain values that go out again exactly as the first time', async () => {
    const writes = { RequestItems: { posts: [{ PutRequest: { Item: { pk: 'POST#2', sk: 'POST', title: 'Голос', views: 5, tags: new Set(['a']) } } }, { DeleteRequest: { Key: { pk: 'POST#3', sk: 'POST' } } }] } };
    const gets = { RequestItems: { posts: { Keys: [{ pk: 'POST#2', sk: 'POST' }], ProjectionExpression: 'title' } } };
    const echoOf = (field: string, request?: SeenRequest) => JSON.stringify({ [field]: (JSON.parse(request?.body ?? '{}') as { RequestItems: unknown }).RequestItems });
    double.script = [{ status: 200, body: '{}' }, { status: 200, body: '{}' }];
    await doubleTable().batchWrite(writes);
    await doubleTable().batchGet(gets);
    double.script = [{ status: 200, body: echoOf('UnprocessedItems', double.seen[0]) }, { status: 200, body: echoOf('UnprocessedKeys', double.seen[1]) }];
    const [unwritten, unread] = [await doubleTable().batchWrite(writes), await doubleTable().batchGet(gets)];
    expect(unwritten.UnprocessedItems).toEqual(writes.RequestItems);
    expect(unread.UnprocessedKeys).toEqual(gets.RequestItems);
    double.script = [{ status: 200, body: '{}' }, { status: 200, body: '{}' }];
    await doubleTable().batchWrite({ RequestItems: unwritten.UnprocessedItems ?? {} });
    await doubleTable().batchGet({ RequestItems: unread.UnprocessedKeys ?? {} });
    expect(double.seen[4]?.body).toBe(double.seen[0]?.body);
    expect(double.seen[5]?.body).toBe(double.seen[1]?.body);
  });

  it('sends one ClientRequestToken with every attempt of a transaction, so a retried one is not applied twice', async () => {
    double.script = [{ status: 500, body: dynamoDbErrorBody('InternalServerError', 'Internal server error') }, { status: 200, body: '{}' }];
    await doubleTable().transactWrite({ TransactItems: [{ Put: { TableName: 'posts', Item: { pk: 'POST#1', sk: 'POST' } } }] });
    const tokens = double.seen.map((request) => (JSON.parse(request.body) as { ClientRequestToken?: string }).ClientRequestToken);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('checks answers against the standard CRC-32 (its check value)', () => {
    expect(crc32Of('123456789')).toBe(0xcbf43926);
  });

  it('refuses an answer that does not match its x-amz-crc32 header and asks again', async () => {
    double.script = [{ status: 200, body: AN_ITEM, headers: { 'x-amz-crc32': String((crc32Of(AN_ITEM) + 1) >>> 0) } }, { status: 200, body: AN_ITEM }];
    expect((await doubleTable().get(A_GET)).Item?.title).toBe('Свобода слова');
    expect(double.seen).toHaveLength(2);
  });

  it('gives up on answers that never match their checksum with CRC32CheckFailed', async () => {
    const damaged = { status: 200, body: AN_ITEM, headers: { 'x-amz-crc32': '1' } };
    double.script = [damaged, damaged, damaged, damaged];
    await expect(doubleTable().get(A_GET)).rejects.toMatchObject({ name: 'CRC32CheckFailed', $metadata: { attempts: 4 } });
  });
});
