/**
 * How the stream reaches the handler: one definition for the Lambda event source mapping in the
 * stack and for the local stream pump, so both batch and retry the same way.
 */
export const STREAM_EVENT_SOURCE = {
  startingPosition: 'TRIM_HORIZON',
  batchSize: 100,
  /**
   * No window: Lambda invokes as soon as its shard poll (about four a second) finds records, so a
   * post reaches its feeds and WebSub hubs well within a second. A burst is still gathered: what
   * arrives between two polls, and what arrives while an invocation runs, goes in one batch.
   */
  maximumBatchingWindowSeconds: 0,
  maximumRetryAttempts: 10,
  /** Batches of one shard in flight at once (Lambda keeps each item's records in order). */
  parallelizationFactor: 1,
  /** Older than this, records go to the failure destination instead of blocking the shard. */
  maximumRecordAgeSeconds: 6 * 60 * 60,
} as const;
