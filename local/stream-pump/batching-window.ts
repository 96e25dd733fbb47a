/** The batching settings of a Lambda event source mapping. */
export interface BatchingPolicy {
  /** Most records per invocation (Lambda `BatchSize`). */
  batchSize: number;
  /** How long to gather records before invoking with fewer than `batchSize` (Lambda `MaximumBatchingWindowInSeconds`, in ms). */
  maximumBatchingWindowMs: number;
}

export interface BufferState {
  bufferedCount: number;
  /** When the oldest buffered record arrived (ms since epoch); undefined when the buffer is empty. */
  oldestBufferedAt: number | undefined;
  /** The shard is closed and fully read: nothing more will arrive, so waiting is pointless. */
  shardExhausted: boolean;
}

/**
 * How many buffered records to hand to the handler now; 0 means keep gathering. As in Lambda, a
 * full batch goes at once, and a partial one when the window has passed (immediately with the
 * default window of 0).
 */
export function readyBatchSize(buffer: BufferState, policy: BatchingPolicy, now: number): number {
  if (buffer.bufferedCount === 0) return 0;
  if (buffer.bufferedCount >= policy.batchSize) return policy.batchSize;
  if (buffer.shardExhausted || msUntilWindowCloses(buffer, policy, now) <= 0) return buffer.bufferedCount;
  return 0;
}

/** Time left before a partial batch must go out; Infinity when nothing is buffered. */
export function msUntilWindowCloses(buffer: BufferState, policy: BatchingPolicy, now: number): number {
  if (buffer.oldestBufferedAt === undefined) return Infinity;
  return buffer.oldestBufferedAt + policy.maximumBatchingWindowMs - now;
}
