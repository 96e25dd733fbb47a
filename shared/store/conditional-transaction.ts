import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { transactionCancellationOf, type DocumentTable } from './document-table.ts';
import { sleepInRealTime, type Sleep } from '../time/time-sources.ts';
import { slicesOf, UNPROCESSED_RETRIES } from './unprocessed-retry.ts';

/** DynamoDB allows 100 actions per TransactWriteItems. */
const TRANSACTION_LIMIT = 100;

/** One action of a TransactWriteItems call, with its own condition. */
export type ConditionalWrite = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Which writes happened and which were refused because their condition did not hold, by index into the input. */
export interface ConditionalWritesOutcome {
  written: number[];
  refused: number[];
}

/** Cancellation codes that say nothing about the write itself: send it again after a pause. */
const TRANSIENT_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

export class ConditionalWritesError extends Error {
  override readonly name = 'ConditionalWritesError';
}

/**
 * Each write on its own terms, in TransactWriteItems calls of up to 100 (each key at most once).
 * A transaction is all or nothing, so when DynamoDB cancels one because some conditions failed,
 * its CancellationReasons name them: those are refused and left out, and the rest go again. A
 * conflict with another transaction on the same item, or throttling, sends them again after a
 * backoff.
 *
 * @throws ConditionalWritesError when a cancellation names another reason, or writes are still
 * pending after the last retry; other errors propagate.
 */
export async function writeEachConditionally(
  documents: DocumentTable,
  writes: readonly ConditionalWrite[],
  sleep: Sleep = sleepInRealTime,
): Promise<ConditionalWritesOutcome> {
  const outcome: ConditionalWritesOutcome = { written: [], refused: [] };
  for (const slice of slicesOf(writes.map((_, index) => index), TRANSACTION_LIMIT)) {
    let pending = slice;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_RETRIES) throw new ConditionalWritesError(`${pending.length} conditional writes still cancelled after ${UNPROCESSED_RETRIES} retries`);
      const sent = pending;
      const cancelled = await cancellationCodesOf(documents.transactWrite({ TransactItems: sent.map((index) => writes[index] as ConditionalWrite) }));
      if (!cancelled) {
        outcome.written.push(...sent);
        break;
      }
      pending = [];
      let transient = false;
      sent.forEach((index, position) => {
        const code = cancelled[position] ?? 'None';
        if (code === 'ConditionalCheckFailed') outcome.refused.push(index);
        else if (code === 'None' || TRANSIENT_CODES.has(code)) pending.push(index);
        else throw new ConditionalWritesError(`transaction cancelled: ${code}`);
        transient ||= TRANSIENT_CODES.has(code);
      });
      if (transient) await sleep(Math.min(1000, 25 * 2 ** (attempt + 1)));
    }
  }
  return outcome;
}

/** Undefined when the transaction went through; else each action's cancellation code, in order. */
async function cancellationCodesOf(transaction: Promise<unknown>): Promise<string[] | undefined> {
  try {
    await transaction;
    return undefined;
  } catch (error) {
    const cancellation = transactionCancellationOf(error);
    if (!cancellation) throw error;
    if (!cancellation.reasons) throw new ConditionalWritesError('transaction cancelled without reasons', { cause: error });
    return cancellation.reasons.map((reason) => reason.Code ?? 'None');
  }
}
