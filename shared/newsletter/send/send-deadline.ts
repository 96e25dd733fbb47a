/** Reads, claims and marks of a batch, and the last SES round trips after the final paced start. */
const BATCH_OVERHEAD_MS = 10_000;

/**
 * How much time a sender should have left before it starts a batch of `recipients` at
 * `perSecond`: a timeout in the middle of a batch would leave its unsent readers claimed, and so
 * without this issue, where a batch not started simply goes back to the queue.
 */
export function timeToSendBatch(recipients: number, perSecond: number): number {
  return Math.ceil((recipients / perSecond) * 1000) + BATCH_OVERHEAD_MS;
}
