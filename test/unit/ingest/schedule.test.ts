import { describe, expect, it } from 'vitest';
import { requestedLifetimeMs, retryAfterMs } from '../../../shared/ingest/schedule/freshness.ts';
import { nextFetchAfterError, nextFetchAfterSuccess } from '../../../shared/ingest/schedule/next-fetch.ts';
import { DEFAULT_SCHEDULE } from '../../../shared/ingest/schedule/schedule-settings.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const noJitter = () => 0;
const fullJitter = () => 0.999_999;

describe('when to poll next', () => {
  it.each([
    ['max-age', { cacheControl: 'public, max-age=3600' }, 3_600_000],
    ['max-age beats Expires', { cacheControl: 'max-age=60', expires: 'Wed, 25 Nov 2026 14:00:00 GMT', date: 'Wed, 25 Nov 2026 12:00:00 GMT' }, 60_000],
    ['Expires minus Date', { expires: 'Wed, 25 Nov 2026 14:00:00 GMT', date: 'Wed, 25 Nov 2026 12:00:00 GMT' }, 2 * HOUR],
    ['no-cache asks for nothing', { cacheControl: 'no-cache, max-age=3600' }, 0],
    ['RSS ttl in minutes', { ttlMinutes: 90 }, 90 * MINUTE],
    ['the longer of ttl and max-age', { cacheControl: 'max-age=600', ttlMinutes: 5 }, 600_000],
    ['nothing', {}, 0],
  ])('publisher lifetime: %s', (_name, hints, expected) => {
    expect(requestedLifetimeMs(hints)).toBe(expected);
  });

  it('waits our interval, or longer when the feed asks, plus up to 10 % jitter, never past the cap', () => {
    expect(nextFetchAfterSuccess(NOW, 0, DEFAULT_SCHEDULE, noJitter)).toBe(NOW + 15 * MINUTE);
    expect(nextFetchAfterSuccess(NOW, 2 * HOUR, DEFAULT_SCHEDULE, noJitter)).toBe(NOW + 2 * HOUR);
    expect(nextFetchAfterSuccess(NOW, 2 * HOUR, DEFAULT_SCHEDULE, fullJitter)).toBeLessThan(NOW + 2.2 * HOUR);
    expect(nextFetchAfterSuccess(NOW, 30 * 24 * HOUR, DEFAULT_SCHEDULE, fullJitter)).toBe(NOW + 24 * HOUR);
  });

  it('backs off exponentially with jitter, capped, and at the cap after too many errors', () => {
    const delays = [1, 2, 3, 4].map((errors) => nextFetchAfterError(NOW, errors, undefined, DEFAULT_SCHEDULE, noJitter) - NOW);
    expect(delays).toEqual([2.5 * MINUTE, 5 * MINUTE, 10 * MINUTE, 20 * MINUTE]);
    expect(nextFetchAfterError(NOW, 1, undefined, DEFAULT_SCHEDULE, fullJitter) - NOW).toBeLessThanOrEqual(5 * MINUTE);
    expect(nextFetchAfterError(NOW, 9, undefined, DEFAULT_SCHEDULE, fullJitter) - NOW).toBeLessThanOrEqual(24 * HOUR);
    expect(nextFetchAfterError(NOW, 10, undefined, DEFAULT_SCHEDULE, noJitter) - NOW).toBe(24 * HOUR);
  });

  it('honours Retry-After as a floor, within the cap', () => {
    expect(nextFetchAfterError(NOW, 1, 2 * HOUR, DEFAULT_SCHEDULE, noJitter) - NOW).toBe(2 * HOUR);
    expect(nextFetchAfterError(NOW, 1, 1_000, DEFAULT_SCHEDULE, noJitter) - NOW).toBe(2.5 * MINUTE);
    expect(nextFetchAfterError(NOW, 1, 365 * 24 * HOUR, DEFAULT_SCHEDULE, noJitter) - NOW).toBe(24 * HOUR);
  });

  it.each([
    ['seconds', '120', undefined, 120_000],
    ['an HTTP date', 'Wed, 25 Nov 2026 13:00:00 GMT', undefined, HOUR],
    ['an HTTP date against the server clock', 'Wed, 25 Nov 2026 13:00:00 GMT', 'Wed, 25 Nov 2026 12:30:00 GMT', 30 * MINUTE],
    ['a date in the past', 'Wed, 25 Nov 2026 11:00:00 GMT', undefined, 0],
    ['garbage', 'soon', undefined, undefined],
    ['absent', undefined, undefined, undefined],
  ])('Retry-After as %s', (_name, header, date, expected) => {
    expect(retryAfterMs(header, date, NOW)).toBe(expected);
  });
});
