import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleepInRealTime, type Sleep } from '../time/time-sources.ts';

/** One request of a BatchWriteItem call. */
export type BatchWriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };


/** DynamoDB allows 25 writes per BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;
const UNPROCESSED_RETRIES = 8;

/** DynamoDB kept returning some writes as unprocessed (throttling) after every retry. */
export class UnprocessedWritesError extends Error {
  override readonly name = 'UnprocessedWritesError';
  constructor(readonly unprocessed: number) {
    super(`${unprocessed} writes still unprocessed after ${UNPROCESSED_RETRIES} retries`);
  }
}

/**
 * Writes every request in BatchWriteItem calls of 25, retrying what DynamoDB hands back as
 * unprocessed with exponential backoff; each key must appear once.
 *
 * @throws UnprocessedWritesError when some writes are still unprocessed after the last retry.
 */
export async function batchWriteAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly BatchWriteRequest[],
  sleep: Sleep = sleepInRealTime,
): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    await writeBatch(documents, tableName, requests.slice(start, start + BATCH_WRITE_LIMIT), sleep);
  }
}

async function writeBatch(
  documents: DynamoDBDocumentClient,
  tableName: string,
  batch: readonly BatchWriteRequest[],
  sleep: Sleep,
): Promise<void> {
  let pending = [...batch];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > UNPROCESSED_RETRIES) throw new UnprocessedWritesError(pending.length);
    if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
    const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (result.UnprocessedItems?.[tableName] ?? []) as BatchWriteRequest[];
  }
}
