import { describe, expect, it } from 'vitest';
import { isNotModified } from '../../../local/feed-server/conditional-request.ts';

const object = { etag: '"abc"', lastModified: new Date('2026-11-25T10:00:00.400Z') };

describe('isNotModified', () => {
  it.each([
    { name: 'no conditions', headers: {}, expected: false },
    { name: 'exact ETag', headers: { ifNoneMatch: '"abc"' }, expected: true },
    { name: 'other ETag', headers: { ifNoneMatch: '"xyz"' }, expected: false },
    { name: 'weak request tag matches strong object tag', headers: { ifNoneMatch: 'W/"abc"' }, expected: true },
    { name: 'tag in a list', headers: { ifNoneMatch: '"x", W/"y" ,"abc"' }, expected: true },
    { name: 'list without the tag', headers: { ifNoneMatch: '"x", "y"' }, expected: false },
    { name: 'star', headers: { ifNoneMatch: '*' }, expected: true },
    { name: 'unquoted tag is not a tag', headers: { ifNoneMatch: 'abc' }, expected: false },
    { name: 'If-Modified-Since equal (object has milliseconds)', headers: { ifModifiedSince: 'Wed, 25 Nov 2026 10:00:00 GMT' }, expected: true },
    { name: 'If-Modified-Since later', headers: { ifModifiedSince: 'Wed, 25 Nov 2026 11:00:00 GMT' }, expected: true },
    { name: 'If-Modified-Since earlier', headers: { ifModifiedSince: 'Wed, 25 Nov 2026 09:59:59 GMT' }, expected: false },
    { name: 'unparseable If-Modified-Since is ignored', headers: { ifModifiedSince: 'yesterday' }, expected: false },
    {
      name: 'If-None-Match wins over If-Modified-Since',
      headers: { ifNoneMatch: '"xyz"', ifModifiedSince: 'Wed, 25 Nov 2026 11:00:00 GMT' },
      expected: false,
    },
  ])('$name → $expected', ({ headers, expected }) => {
    expect(isNotModified(headers, object)).toBe(expected);
  });

  it('cannot match an object without validators', () => {
    expect(isNotModified({ ifNoneMatch: '"abc"' }, {})).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'Wed, 25 Nov 2026 11:00:00 GMT' }, {})).toBe(false);
  });
});
