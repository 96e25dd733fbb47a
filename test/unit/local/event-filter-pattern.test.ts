import { describe, expect, it } from 'vitest';
import { POST_RECORD_FILTER_PATTERN } from '../../../shared/store/table-design.ts';
import {
  assertSupportedFilterPattern,
  matchesAnyFilterPattern,
  matchesFilterPattern,
  UnsupportedFilterPatternError,
  type FilterPattern,
} from '../../../local/stream-pump/event-filter-pattern.ts';

function streamRecord(keys: Record<string, { S: string }>, eventName = 'INSERT') {
  return { eventName, eventSource: 'aws:dynamodb', dynamodb: { Keys: keys } };
}

describe('event filter pattern', () => {
  describe('POST_RECORD_FILTER_PATTERN', () => {
    it.each<{ name: string; keys: Record<string, { S: string }>; expected: boolean }>([
      { name: 'a post item', keys: { pk: { S: 'POST#p1' }, sk: { S: 'POST' } }, expected: true },
      { name: 'a feed membership item', keys: { pk: { S: 'FEED#all' }, sk: { S: '2026-01-01T00:00:00Z#p1' } }, expected: false },
      { name: 'a sort key that only starts with POST', keys: { pk: { S: 'POST#p1' }, sk: { S: 'POSTX' } }, expected: false },
      { name: 'a record without a sort key', keys: { pk: { S: 'POST#p1' } }, expected: false },
    ])('$name → $expected', ({ keys, expected }) => {
      expect(matchesFilterPattern(POST_RECORD_FILTER_PATTERN, streamRecord(keys))).toBe(expected);
    });

    it('is accepted by the supported-subset check', () => {
      expect(() => assertSupportedFilterPattern(POST_RECORD_FILTER_PATTERN)).not.toThrow();
    });
  });

  it.each<{ name: string; pattern: FilterPattern; event: unknown; expected: boolean }>([
    { name: 'exact string in list', pattern: { eventName: ['MODIFY', 'INSERT'] }, event: { eventName: 'INSERT' }, expected: true },
    { name: 'string not in list', pattern: { eventName: ['REMOVE'] }, event: { eventName: 'INSERT' }, expected: false },
    { name: 'number', pattern: { size: [3] }, event: { size: 3 }, expected: true },
    { name: 'number is not its string', pattern: { size: [3] }, event: { size: '3' }, expected: false },
    { name: 'boolean', pattern: { on: [true] }, event: { on: true }, expected: true },
    { name: 'null', pattern: { gone: [null] }, event: { gone: null }, expected: true },
    { name: 'missing field never matches', pattern: { gone: [null] }, event: {}, expected: false },
    { name: 'prefix', pattern: { pk: [{ prefix: 'POST#' }] }, event: { pk: 'POST#1' }, expected: true },
    { name: 'prefix mismatch', pattern: { pk: [{ prefix: 'POST#' }] }, event: { pk: 'FEED#all' }, expected: false },
    { name: 'prefix on a number', pattern: { n: [{ prefix: '1' }] }, event: { n: 12 }, expected: false },
    { name: 'event array: any element', pattern: { tags: ['b'] }, event: { tags: ['a', 'b'] }, expected: true },
    { name: 'event array: no element', pattern: { tags: ['c'] }, event: { tags: ['a', 'b'] }, expected: false },
    { name: 'nested: all fields must match', pattern: { a: { b: ['x'], c: ['y'] } }, event: { a: { b: 'x', c: 'z' } }, expected: false },
    { name: 'nested object expected, scalar found', pattern: { a: { b: ['x'] } }, event: { a: 'x' }, expected: false },
    { name: 'extra event fields are ignored', pattern: { a: ['x'] }, event: { a: 'x', b: 'y' }, expected: true },
  ])('$name', ({ pattern, event, expected }) => {
    expect(matchesFilterPattern(pattern, event)).toBe(expected);
  });

  it('lets a record through when any filter matches, and everything through with no filters', () => {
    const patterns: FilterPattern[] = [{ a: ['1'] }, { b: ['2'] }];
    expect(matchesAnyFilterPattern(patterns, { b: '2' })).toBe(true);
    expect(matchesAnyFilterPattern(patterns, { c: '3' })).toBe(false);
    expect(matchesAnyFilterPattern([], { c: '3' })).toBe(true);
  });

  it.each([
    { name: 'anything-but', pattern: { a: [{ 'anything-but': ['x'] }] }, path: 'a[0]' },
    { name: 'numeric', pattern: { a: { b: [{ numeric: ['>', 1] }] } }, path: 'a.b[0]' },
    { name: 'exists', pattern: { a: [{ exists: true }] }, path: 'a[0]' },
    { name: 'empty list', pattern: { a: [] }, path: 'a' },
    { name: 'bare scalar leaf', pattern: { a: 'x' }, path: 'a' },
    { name: 'nested array value', pattern: { a: [['x']] }, path: 'a[0]' },
  ])('rejects $name at $path', ({ pattern, path }) => {
    const error = catchError(() => assertSupportedFilterPattern(pattern));
    expect(error).toBeInstanceOf(UnsupportedFilterPatternError);
    expect((error as UnsupportedFilterPatternError).path).toBe(path);
  });
});

function catchError(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
