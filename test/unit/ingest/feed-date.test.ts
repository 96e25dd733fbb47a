import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../shared/ingest/normalise/feed-date.ts';

describe('feed dates in the formats partners write', () => {
  it.each([
    ['RFC 822 with offset', 'Tue, 24 Nov 2026 10:00:00 +0500', '2026-11-24T05:00:00.000Z'],
    ['RFC 822 GMT', 'Mon, 23 Nov 2026 08:30:00 GMT', '2026-11-23T08:30:00.000Z'],
    ['RFC 822 named zone MSK', 'Sun, 22 Nov 2026 18:00:00 MSK', '2026-11-22T15:00:00.000Z'],
    ['RFC 822 US zone', 'Sun, 22 Nov 2026 18:00:00 EST', '2026-11-22T23:00:00.000Z'],
    ['RFC 822 without weekday or seconds', '22 Nov 2026 18:00 +0000', '2026-11-22T18:00:00.000Z'],
    ['RFC 822 two-digit year', 'Sun, 22 Nov 26 18:00:00 GMT', '2026-11-22T18:00:00.000Z'],
    ['RFC 822 full month name', '22 November 2026 18:00:00 GMT', '2026-11-22T18:00:00.000Z'],
    ['RFC 3339', '2026-11-20T16:00:00+05:00', '2026-11-20T11:00:00.000Z'],
    ['RFC 3339 with fraction', '2026-11-20T16:00:00.123456Z', '2026-11-20T16:00:00.123Z'],
    ['ISO without zone (UTC)', '2026-11-20T16:00:00', '2026-11-20T16:00:00.000Z'],
    ['ISO with space', '2026-11-20 16:00:00', '2026-11-20T16:00:00.000Z'],
    ['date only', '2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['offset without colon', '2026-11-20T16:00:00+0500', '2026-11-20T11:00:00.000Z'],
    ['surrounding whitespace', '  2026-11-20T16:00:00Z\n', '2026-11-20T16:00:00.000Z'],
  ])('%s', (_name, input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  it.each([undefined, '', 'not a date', 'yesterday-ish', '2026-02-30T00:00:00Z', '0001-01-01T00:00:00Z', '31 Foo 2026 10:00:00 GMT'])(
    'gives up on %j',
    (input) => {
      expect(parseFeedDate(input)).toBeUndefined();
    },
  );
});
