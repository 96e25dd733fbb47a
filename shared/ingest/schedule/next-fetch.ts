import type { ScheduleSettings } from './schedule-settings.ts';
import { type Random } from '../../time/time-sources.ts';

/**
 * After a 200 or 304: our interval, lengthened to what the publisher asked for (never sooner
 * than its max-age or ttl allow), then up to 10 % later at random so that subscriptions added
 * together drift apart instead of hitting hosts in bursts. Never later than the cap.
 */
export function nextFetchAfterSuccess(now: number, requestedLifetimeMs: number, settings: ScheduleSettings, random: Random): number {
  const interval = Math.max(settings.pollIntervalMs, requestedLifetimeMs);
  return now + Math.min(settings.maxIntervalMs, interval * (1 + 0.1 * random()));
}

/**
 * After a failure: exponential backoff with "equal jitter" (half fixed, half random), so a burst
 * of failures does not come back as a burst. Retry-After, when the server sent one, is a floor.
 * Past `maxConsecutiveErrors` the feed waits the full cap. Never later than the cap.
 */
export function nextFetchAfterError(
  now: number,
  consecutiveErrors: number,
  retryAfterMs: number | undefined,
  settings: ScheduleSettings,
  random: Random,
): number {
  if (consecutiveErrors >= settings.maxConsecutiveErrors) return now + settings.maxIntervalMs;
  const exponential = settings.errorBackoffBaseMs * 2 ** Math.max(0, consecutiveErrors - 1);
  const backoff = Math.min(settings.maxIntervalMs, exponential);
  const jittered = backoff / 2 + (backoff / 2) * random();
  return now + Math.min(settings.maxIntervalMs, Math.max(jittered, retryAfterMs ?? 0));
}
