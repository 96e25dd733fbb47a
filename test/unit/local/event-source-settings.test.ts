import { describe, expect, it } from 'vitest';
import {
  LAMBDA_SHARD_POLL_INTERVAL_MS,
  parseEventSourceSettings,
  stackEventSourceSettings,
} from '../../../local/stream-pump/event-source-settings.ts';
import { STREAM_EVENT_SOURCE } from '../../../shared/publish/stream-event-source.ts';

describe('stackEventSourceSettings', () => {
  it('mirrors the mapping: no batching window, so a batch goes out at the first poll that finds it', () => {
    const settings = parseEventSourceSettings(stackEventSourceSettings());
    expect(STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds).toBe(0);
    expect(settings.maximumBatchingWindowMs).toBe(0);
    expect(settings.batchSize).toBe(STREAM_EVENT_SOURCE.batchSize);
    expect(settings.maximumRetryAttempts).toBe(STREAM_EVENT_SOURCE.maximumRetryAttempts);
  });

  it("polls each shard at Lambda's pace of about four times a second", () => {
    expect(LAMBDA_SHARD_POLL_INTERVAL_MS).toBe(250);
    expect(parseEventSourceSettings(stackEventSourceSettings()).pollIntervalMs).toBe(250);
  });
});
