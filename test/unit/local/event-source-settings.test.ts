import { describe, expect, it } from 'vitest';
import { parseEventSourceSettings, stackEventSourceSettings } from '../../../local/stream-pump/event-source-settings.ts';
import { readyBatchSize } from '../../../local/stream-pump/batching-window.ts';
import { STREAM_EVENT_SOURCE } from '../../../shared/publish/stream/stream-event-source.ts';

describe('stackEventSourceSettings', () => {
  it('mirrors the mapping: no batching window, the same batch size and retries', () => {
    const settings = parseEventSourceSettings(stackEventSourceSettings());
    expect(STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds).toBe(0);
    expect(settings.maximumBatchingWindowMs).toBe(0);
    expect(settings.batchSize).toBe(STREAM_EVENT_SOURCE.batchSize);
    expect(settings.maximumRetryAttempts).toBe(STREAM_EVENT_SOURCE.maximumRetryAttempts);
  });

  it('mirrors the parallelization factor: the pump hands a shard one batch at a time, which only matches a factor of 1', () => {
    expect(STREAM_EVENT_SOURCE.parallelizationFactor, 'raise it only with a pump that runs that many batches of a shard at once').toBe(1);
  });

  it('hands a single fresh record to the handler at the poll that found it', () => {
    const settings = parseEventSourceSettings(stackEventSourceSettings());
    const justRead = { bufferedCount: 1, oldestBufferedAt: 5_000, shardExhausted: false };
    expect(readyBatchSize(justRead, settings, 5_000)).toBe(1);
  });
});
