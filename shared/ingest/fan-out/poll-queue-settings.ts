/**
 * How the poll queue reaches the workers: one definition for the stack's queue and event source
 * mapping and for `npm start`'s stand-ins, so both batch, retry and give up the same way.
 */
export const POLL_QUEUE = {
  /** Subscriptions per worker invocation, polled at once (POLL_CONCURRENCY is set to match). */
  batchSize: 10,
  /**
   * Worker invocations at once. Each polls at most POLL_PER_HOST_CONCURRENCY feeds of one host at
   * a time, so a host sees at most this many times that: the politeness bound across workers.
   */
  maxConcurrency: 4,
  /** A batch of 10 takes one fetch timeout (20 s) plus writes; the margin covers a slow table. */
  workerTimeoutSeconds: 120,
  /** Lambda's advice for an SQS event source: at least six times the function's timeout. */
  visibilityTimeoutSeconds: 6 * 120,
  /**
   * Receives before a message goes to the dead-letter queue. A valid message fails only when the
   * table does or the worker runs out of time, so five failures in a row mean poison.
   */
  maxReceiveCount: 5,
  /**
   * A message older than this is stale: its subscription is still due and the next run sends it
   * again, so keeping it longer only piles up duplicates while the workers are down.
   */
  retentionSeconds: 60 * 60,
} as const;
