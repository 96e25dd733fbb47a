import { describe, expect, it } from 'vitest';
import { FeedDateError, toRfc3339, toRfc822 } from '../../../shared/feed/feed-dates.ts';

/** Instants across the whole range a feed may meet, including the edges of the four-digit years. */
const INSTANTS = [
  '0000-01-01T00:00:00.000Z',
  '0001-02-03T04:05:06.007Z',
  '0999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '2024-02-29T12:00:00.010Z',
  '2026-11-25T09:30:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '-000001-12-31T23:59:59.000Z',
  '+010000-01-01T00:00:00.000Z',
];

/** Steps of an odd size (about five years) across years 1–10000: every field and weekday takes many values. */
const SPREAD = Array.from({ length: 2_000 }, (_, index) => new Date(Date.UTC(1, 0, 1) + index * 157_784_760_123).toISOString());

describe('feed dates', () => {
  it('writes every instant exactly as Date.toUTCString and Date.toISOString do', () => {
    const differing = [...INSTANTS, ...SPREAD].filter((value) => {
      const date = new Date(value);
      return toRfc822(value) !== date.toUTCString() || toRfc3339(value) !== date.toISOString();
    });
    expect(differing).toEqual([]);
  });

  it.each([
    { value: '2026-11-25T12:30:00+03:00', rfc822: 'Wed, 25 Nov 2026 09:30:00 GMT', rfc3339: '2026-11-25T09:30:00.000Z' },
    { value: '2026-02-29T00:00:00Z', rfc822: 'Sun, 01 Mar 2026 00:00:00 GMT', rfc3339: '2026-03-01T00:00:00.000Z' },
    // Written as we write dates, but a day February lacks: moved as Date moves it, never passed through.
    { value: '2026-02-30T00:00:00.000Z', rfc822: 'Mon, 02 Mar 2026 00:00:00 GMT', rfc3339: '2026-03-02T00:00:00.000Z' },
    { value: '2025-04-31T23:59:59.999Z', rfc822: 'Thu, 01 May 2025 23:59:59 GMT', rfc3339: '2025-05-01T23:59:59.999Z' },
  ])('converts $value to UTC', ({ value, rfc822, rfc3339 }) => {
    expect([toRfc822(value), toRfc3339(value)]).toEqual([rfc822, rfc3339]);
  });

  it('refuses text that is no date', () => {
    expect(() => toRfc822('yesterday')).toThrow(FeedDateError);
    expect(() => toRfc3339('yesterday')).toThrow(FeedDateError);
    expect(() => toRfc3339('2026-13-01T00:00:00.000Z')).toThrow(FeedDateError);
  });
});
