import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import { ConditionalWritesError, writeEachConditionally, type ConditionalWrite } from '../../../shared/store/conditional-transaction.ts';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const stub = mockClient(documents);
/** The stores' port over the mocked DocumentClient, as `createDynamoDbClients` builds it. */
const table = new SdkDocumentTable(documents);

afterEach(() => stub.reset());

function claims(count: number): ConditionalWrite[] {
  return Array.from({ length: count }, (_, index) => ({ Put: { TableName: 'posts', Item: { pk: 'DELIVERY#default#brief#slot', sk: `reader-${index}` }, ConditionExpression: 'attribute_not_exists(pk)' } }));
}

function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
}

function sortKeysOf(call: number): unknown[] {
  const input = stub.commandCalls(TransactWriteCommand)[call]?.args[0].input as TransactWriteCommandInput;
  return (input.TransactItems ?? []).map((item) => item.Put?.Item?.sk);
}

describe('writeEachConditionally (cancellations injected)', () => {
  it('sends transactions of 100 at most', async () => {
    stub.on(TransactWriteCommand).resolves({});
    expect(await writeEachConditionally(table, claims(150), async () => {})).toEqual({ written: Array.from({ length: 150 }, (_, index) => index), refused: [] });
    expect([0, 1].map((call) => sortKeysOf(call).length)).toEqual([100, 50]);
  });

  it('drops the writes whose condition failed, resends the rest at once, and after a pause those that conflicted', async () => {
    stub
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    const waits: number[] = [];
    expect(await writeEachConditionally(table, claims(4), async (ms) => void waits.push(ms))).toEqual({ written: [0, 2], refused: [1, 3] });
    expect([0, 1, 2].map(sortKeysOf)).toEqual([['reader-0', 'reader-1', 'reader-2', 'reader-3'], ['reader-0', 'reader-2'], ['reader-0', 'reader-2']]);
    expect(waits).toEqual([100]);
  });

  it('fails with a typed error on any other reason, and when conflicts outlast the retries', async () => {
    stub.on(TransactWriteCommand).rejects(cancelled('ValidationError', 'None'));
    await expect(writeEachConditionally(table, claims(2), async () => {})).rejects.toThrow(ConditionalWritesError);
    stub.reset();
    stub.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(writeEachConditionally(table, claims(1), async () => {})).rejects.toThrow(/still cancelled after 8 retries/);
  });
});
