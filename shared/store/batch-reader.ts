import type { DocumentTable } from './document-table.ts';
import { sleepInRealTime, type Sleep } from '../time/time-sources.ts';
import { sendUntilProcessed, slicesOf, UNPROCESSED_RETRIES } from './unprocessed-retry.ts';

/** DynamoDB allows 100 keys per BatchGetItem. */
const BATCH_GET_LIMIT = 100;

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
  documents: DocumentTable,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  sleep: Sleep = sleepInRealTime,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const slice of slicesOf(keys, BATCH_GET_LIMIT)) {
    const read = async (pending: readonly Record<string, unknown>[]) => {
      const result = await documents.batchGet({ RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true } } });
      items.push(...(result.Responses?.[tableName] ?? []));
      return result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    };
    await sendUntilProcessed(slice, read, sleep, (unprocessed) => new UnprocessedReadsError(unprocessed));
  }
  return items;
}
