import type { DocumentTable } from './document-table.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { sleepInRealTime, type Sleep } from '../time/time-sources.ts';
import { sendUntilProcessed, slicesOf, UNPROCESSED_RETRIES } from './unprocessed-retry.ts';

/** One request of a BatchWriteItem call. */
export type BatchWriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };


/** DynamoDB allows 25 writes per BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;
/**
 * BatchWriteItem calls in flight at once: a 1,000-record batch is about 80 calls, and waiting for
 * each in turn was most of a burst's handler time. Each call still retries its own unprocessed
 * writes; a few in flight keep throttling retries from piling up.
 */
const CALLS_IN_FLIGHT = 8;

/** DynamoDB kept returning some writes as unprocessed (throttling) after every retry. */
export class UnprocessedWritesError extends Error {
  override readonly name = 'UnprocessedWritesError';
  constructor(readonly unprocessed: number) {
    super(`${unprocessed} writes still unprocessed after ${UNPROCESSED_RETRIES} retries`);
  }
}

/**
 * Writes every request in BatchWriteItem calls of 25, a few at once, retrying what DynamoDB hands
 * back as unprocessed with exponential backoff; each key must appear once, so the calls' order
 * does not matter.
 *
 * @throws UnprocessedWritesError when some writes are still unprocessed after the last retry (or
 * the first other error of any call, once every call has settled).
 */
export async function batchWriteAll(
  documents: DocumentTable,
  tableName: string,
  requests: readonly BatchWriteRequest[],
  sleep: Sleep = sleepInRealTime,
): Promise<void> {
  const settled = await mapWithConcurrency(slicesOf(requests, BATCH_WRITE_LIMIT), CALLS_IN_FLIGHT, (batch) => writeBatch(documents, tableName, batch, sleep));
  throwFirstBatchFailure(settled);
}

/** Another error (access, validation) says more than throttling does, so it is the one thrown. */
function throwFirstBatchFailure(settled: readonly PromiseSettledResult<void>[]): void {
  const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length === 0) return;
  const unprocessed = failures.filter((failure): failure is UnprocessedWritesError => failure instanceof UnprocessedWritesError);
  if (unprocessed.length < failures.length) throw failures.find((failure) => !(failure instanceof UnprocessedWritesError));
  throw new UnprocessedWritesError(unprocessed.reduce((sum, failure) => sum + failure.unprocessed, 0));
}

async function writeBatch(
  documents: DocumentTable,
  tableName: string,
  batch: readonly BatchWriteRequest[],
  sleep: Sleep,
): Promise<void> {
  const write = async (pending: readonly BatchWriteRequest[]) => {
    const result = await documents.batchWrite({ RequestItems: { [tableName]: [...pending] } });
    return (result.UnprocessedItems?.[tableName] ?? []) as BatchWriteRequest[];
  };
  await sendUntilProcessed(batch, write, sleep, (unprocessed) => new UnprocessedWritesError(unprocessed));
}
