/**
 * How the stream reaches the handler: one definition for the Lambda event source mapping in the
 * stack and for the local stream pump, so both batch and retry the same way.
 */
export const STREAM_EVENT_SOURCE = {
  startingPosition: 'TRIM_HORIZON',
  /**
   * Up to 1,000 records (one GetRecords page; Lambda sends fewer when they exceed its 6 MB payload).
   * With no window this costs a single post nothing, but a burst coalesces: what arrives while an
   * invocation runs goes in the next one, and each feed is regenerated once per batch whatever its
   * size, so ten times fewer regenerations than with batches of 100.
   */
  batchSize: 1000,
  /**
   * No window: Lambda invokes as soon as its shard poll (about four a second) finds records, so a
   * post reaches its feeds and WebSub hubs well within a second. A burst is still gathered: what
   * arrives between two polls, and what arrives while an invocation runs, goes in one batch.
   */
  maximumBatchingWindowSeconds: 0,
  maximumRetryAttempts: 10,
  /**
   * One batch per shard at a time. Concurrent batches of a shard would be correct (Lambda keeps
   * each item's records in order, and the per-feed conditional PUTs stop an older render landing
   * last), but each would regenerate the same feeds: more S3 requests and conflicts for no gain,
   * since a larger batch costs about the same as a small one. Shards still run in parallel.
   */
  parallelizationFactor: 1,
  /** Older than this, records go to the failure destination instead of blocking the shard. */
  maximumRecordAgeSeconds: 6 * 60 * 60,
} as const;
