import * as z from 'zod';
import { describeSchemaError } from '../../shared/validation/field-problems.ts';
import { STREAM_EVENT_SOURCE } from '../../shared/publish/stream/stream-event-source.ts';

/**
 * The event source mapping settings the pump mirrors, with Lambda's limits for DynamoDB streams.
 * Validated when the pump starts because `npm start` may take them from flags or the environment.
 */
export const EventSourceSettingsSchema = z.object({
  startingPosition: z.enum(['TRIM_HORIZON', 'LATEST']).default('TRIM_HORIZON'),
  batchSize: z.number().int().min(1).max(10_000).default(100),
  /** Lambda allows 0-300 s. */
  maximumBatchingWindowMs: z.number().int().min(0).max(300_000).default(0),
  /** Lambda's default is -1 (retry until the record expires); locally a short bound is more useful. */
  maximumRetryAttempts: z.number().int().min(0).max(10_000).default(3),
  /** Pause between retries of a failed batch. */
  retryDelayMs: z.number().int().min(0).max(60_000).default(100),
  /** Pause between GetRecords calls while the stream is quiet. */
  pollIntervalMs: z.number().int().min(1).max(60_000).default(100),
  /** How often to look for new shards even when no shard has ended. */
  shardRefreshIntervalMs: z.number().int().min(100).max(600_000).default(5_000),
});

export type EventSourceSettingsInput = z.input<typeof EventSourceSettingsSchema>;
export type EventSourceSettings = z.output<typeof EventSourceSettingsSchema>;

export class InvalidEventSourceSettingsError extends Error {
  override readonly name = 'InvalidEventSourceSettingsError';
}

export function parseEventSourceSettings(input: EventSourceSettingsInput): EventSourceSettings {
  const parsed = EventSourceSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidEventSourceSettingsError(`invalid stream pump settings: ${describeSchemaError(parsed.error)}`);
}

/**
 * The stack's event source mapping (`STREAM_EVENT_SOURCE`) as pump settings, so `npm start` and
 * the benchmark batch and retry exactly as the deployed function does. With no batching window
 * both invoke at the first poll that finds records; the pump polls every 100 ms, Lambda about
 * every 250 ms, so a deployed stack may take up to ~150 ms longer than `npm start`.
 */
export function stackEventSourceSettings(): EventSourceSettingsInput {
  return {
    startingPosition: STREAM_EVENT_SOURCE.startingPosition,
    batchSize: STREAM_EVENT_SOURCE.batchSize,
    maximumBatchingWindowMs: STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds * 1000,
    maximumRetryAttempts: STREAM_EVENT_SOURCE.maximumRetryAttempts,
  };
}
