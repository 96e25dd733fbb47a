import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import { UnprocessedWritesError, batchWriteAll, type BatchWriteRequest } from '../../../shared/store/batch-writer.ts';

const TABLE = 'posts';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const stub = mockClient(documents);
/** The stores' port over the mocked DocumentClient, as `createDynamoDbClients` builds it. */
const table = new SdkDocumentTable(documents);

afterEach(() => stub.reset());

function puts(count: number): BatchWriteRequest[] {
  return Array.from({ length: count }, (_, index) => ({ PutRequest: { Item: { pk: `FEED#all`, sk: String(index) } } }));
}

function requestsOf(call: number): unknown[] {
  const input = stub.commandCalls(BatchWriteCommand)[call]?.args[0].input as BatchWriteCommandInput;
  return input.RequestItems?.[TABLE] ?? [];
}

describe('batchWriteAll (throttling injected)', () => {
  it('splits writes into BatchWriteItem calls of 25', async () => {
    stub.on(BatchWriteCommand).resolves({});
    await batchWriteAll(table, TABLE, puts(60), async () => {});
    expect([0, 1, 2].map((call) => requestsOf(call).length)).toEqual([25, 25, 10]);
  });

  it('resends only what DynamoDB returned unprocessed, backing off between attempts', async () => {
    const writes = puts(5);
    const unprocessed = writes.slice(3);
    stub.on(BatchWriteCommand).resolvesOnce({ UnprocessedItems: { [TABLE]: unprocessed } }).resolves({});
    const waits: number[] = [];
    await batchWriteAll(table, TABLE, writes, async (ms) => void waits.push(ms));
    expect(requestsOf(1)).toEqual(unprocessed);
    expect(waits).toEqual([50]);
  });

  it('gives up with a typed error when writes stay unprocessed after every retry', async () => {
    const writes = puts(2);
    stub.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: writes } });
    const waits: number[] = [];
    const attempt = batchWriteAll(table, TABLE, writes, async (ms) => void waits.push(ms));
    await expect(attempt).rejects.toBeInstanceOf(UnprocessedWritesError);
    await expect(attempt).rejects.toMatchObject({ unprocessed: 2 });
    expect(stub.commandCalls(BatchWriteCommand)).toHaveLength(9);
    expect(waits).toEqual([50, 100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('keeps up to 8 calls in flight, so a large batch waits for the slowest few rather than for every call in turn', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    stub.on(BatchWriteCommand).callsFake(async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return {};
    });
    await batchWriteAll(table, TABLE, puts(25 * 20), async () => {});
    expect(stub.commandCalls(BatchWriteCommand)).toHaveLength(20);
    expect(mostInFlight).toBe(8);
  });

  it('lets every call finish, then reports the writes left unprocessed across them', async () => {
    const writes = puts(50);
    const stuck = writes[0] as BatchWriteRequest;
    stub.on(BatchWriteCommand).callsFake(async (input: BatchWriteCommandInput) => {
      const requests = input.RequestItems?.[TABLE] ?? [];
      return { UnprocessedItems: requests.includes(stuck) ? { [TABLE]: [stuck] } : {} };
    });
    const attempt = batchWriteAll(table, TABLE, writes, async () => {});
    await expect(attempt).rejects.toMatchObject({ name: 'UnprocessedWritesError', unprocessed: 1 });
    const sentSecondHalf = stub.commandCalls(BatchWriteCommand).some((call) => (call.args[0].input as BatchWriteCommandInput).RequestItems?.[TABLE]?.includes(writes[49] as never));
    expect(sentSecondHalf).toBe(true);
  });
});
