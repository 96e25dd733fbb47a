import type { Sleep } from '../time/time-sources.ts';

/** Retries of what a batch call hands back as unprocessed (throttling) before giving up. */
export const UNPROCESSED_RETRIES = 8;

/**
 * Sends `requests`, then again whatever `send` returns as unprocessed, with exponential backoff
 * (50 ms doubling to 1 s), until none is left: BatchGetItem and BatchWriteItem both answer a
 * throttled table by handing part of the call back rather than failing it.
 *
 * @throws whatever `giveUp` makes of the count still unprocessed after the last retry.
 */
export async function sendUntilProcessed<T>(
  requests: readonly T[],
  send: (pending: readonly T[]) => Promise<readonly T[]>,
  sleep: Sleep,
  giveUp: (unprocessed: number) => Error,
): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > UNPROCESSED_RETRIES) throw giveUp(pending.length);
    if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
    pending = await send(pending);
  }
}

/** `list` in consecutive slices of at most `size`: a batch call takes a bounded number of keys. */
export function slicesOf<T>(list: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < list.length; start += size) slices.push(list.slice(start, start + size));
  return slices;
}
