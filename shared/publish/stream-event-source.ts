/**
 * How the stream reaches the handler: one definition for the Lambda event source mapping in the
 * stack and for the local stream pump, so both batch and retry the same way.
 */
export const STREAM_EVENT_SOURCE = {
  startingPosition: 'TRIM_HORIZON',
  batchSize: 100,
  /** Gathers a burst into one invocation while keeping post-to-feed latency near a second. */
  maximumBatchingWindowSeconds: 1,
  maximumRetryAttempts: 10,
  /** Older than this, records go to the failure destination instead of blocking the shard. */
  maximumRecordAgeSeconds: 6 * 60 * 60,
} as const;
