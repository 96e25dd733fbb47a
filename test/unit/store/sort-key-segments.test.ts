import { describe, expect, it } from 'vitest';
import { sortKeySegments, type SortKeySegment } from '../../../shared/store/sort-key-segments.ts';
import { membershipSortKey } from '../../../shared/store/table-design.ts';

/** Whether `sortKey` is in the range, by the same string comparisons DynamoDB makes. */
function holds(segment: SortKeySegment, sortKey: string): boolean {
  switch (segment.kind) {
    case 'all':
      return true;
    case 'from':
      return sortKey >= segment.lower;
    case 'upTo':
      return sortKey <= segment.upper;
    case 'between':
      return sortKey >= segment.lower && sortKey <= segment.upper;
  }
}

/** Sort keys of posts put at `dates`, two posts at each date, in key order. */
function keysAt(dates: string[]): string[] {
  return dates.flatMap((date) => [membershipSortKey(date, 'a-report'), membershipSortKey(date, 'z-appeal')]).sort();
}

describe('sortKeySegments', () => {
  it('puts every key, those at a range’s very bound included, in exactly one range, and the ranges newest first', () => {
    const oldest = '2026-03-01T00:00:00.000Z';
    const newest = '2026-03-01T00:00:04.000Z';
    const segments = sortKeySegments(membershipSortKey(oldest, 'first'), membershipSortKey(newest, 'last'), 4);
    expect(segments).toEqual([
      { kind: 'from', lower: '2026-03-01T00:00:03.000Z' },
      { kind: 'between', lower: '2026-03-01T00:00:02.000Z', upper: '2026-03-01T00:00:03.000Z' },
      { kind: 'between', lower: '2026-03-01T00:00:01.000Z', upper: '2026-03-01T00:00:02.000Z' },
      { kind: 'upTo', upper: '2026-03-01T00:00:01.000Z' },
    ]);
    // Every whole second is a bound, and a key put later than the newest (during the listing) too.
    const keys = keysAt(['2026-03-01T00:00:00.000Z', '2026-03-01T00:00:01.000Z', '2026-03-01T00:00:02.000Z', '2026-03-01T00:00:02.500Z', '2026-03-01T00:00:03.000Z', '2026-03-01T00:00:04.000Z', '2026-03-01T00:00:09.000Z']);
    for (const key of keys) expect(segments.filter((segment) => holds(segment, key))).toHaveLength(1);
    const newestFirst = segments.flatMap((segment) => keys.filter((key) => holds(segment, key)).reverse());
    expect(newestFirst).toEqual([...keys].reverse());
  });

  it.each([
    { name: 'one post', oldest: '2026-03-01T00:00:00.000Z#a', newest: '2026-03-01T00:00:00.000Z#a' },
    { name: 'posts a few milliseconds apart', oldest: '2026-03-01T00:00:00.000Z#a', newest: '2026-03-01T00:00:00.003Z#b' },
    { name: 'keys that hold no date', oldest: 'legacy#a', newest: 'legacy#b' },
  ])('reads $name as one range', ({ oldest, newest }) => {
    expect(sortKeySegments(oldest, newest, 4)).toEqual([{ kind: 'all' }]);
  });
});
