import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleepInRealTime, type Sleep } from '../time/time-sources.ts';

/** DynamoDB allows 100 keys per BatchGetItem. */
const BATCH_GET_LIMIT = 100;
const UNPROCESSED_RETRIES = 8;

export class UnprocessedReadsError extends Error {
  override readonly name = 'UnprocessedReadsError';
  constructor(readonly unprocessed: number) {
    super(`${unprocessed} reads still unprocessed after ${UNPROCESSED_RETRIES} retries`);
  }
}

/**
 * Every item found for `keys`, strongly consistent, in BatchGetItem calls of 100, retrying what
 * DynamoDB hands back as unprocessed with exponential backoff. Missing items are simply absent.
 */
export async function batchGetAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  sleep: Sleep = sleepInRealTime,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending = keys.slice(start, start + BATCH_GET_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_RETRIES) throw new UnprocessedReadsError(pending.length);
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const result = await documents.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true } } }));
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
