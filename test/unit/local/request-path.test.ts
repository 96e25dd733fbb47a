import { describe, expect, it } from 'vitest';
import { requestTarget } from '../../../local/feed-server/request-path.ts';
import { objectPath } from '../../../shared/site/object-path.ts';

describe('requestTarget', () => {
  it.each([
    { path: '/', expected: { kind: 'index' } },
    { path: '/feeds/all/rss.xml', expected: { kind: 'object', key: 'feeds/all/rss.xml' } },
    { path: '/feeds/topics/caf%C3%A9/atom.xml', expected: { kind: 'object', key: 'feeds/topics/café/atom.xml' } },
    { path: '/index.html', expected: { kind: 'object', key: 'index.html' } },
    { path: '/feeds/../secret', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds/%2E%2E/secret', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds/all/', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds/%E0%A4%A', expected: { kind: 'invalid', reason: 'malformed percent-encoding' } },
    { path: '/..%2fother-bucket%2fsecret', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds/..%2F..%2Fsecret', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds%2f%2e%2e/secret', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds/.%2e%2fsecret', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds%2f%2fall', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/%2ffeeds/all/rss.xml', expected: { kind: 'invalid', reason: 'empty, "." or ".." path segment' } },
    { path: '/feeds/all/rss.xml%00', expected: { kind: 'invalid', reason: 'NUL character' } },
    { path: '/feeds%2fall%2frss.xml', expected: { kind: 'object', key: 'feeds/all/rss.xml' } },
    { path: '/feeds/a..b/rss.xml', expected: { kind: 'object', key: 'feeds/a..b/rss.xml' } },
    { path: '/feeds/100%25/rss.xml', expected: { kind: 'object', key: 'feeds/100%/rss.xml' } },
  ])('$path', ({ path, expected }) => {
    expect(requestTarget(path)).toEqual(expected);
  });

  it('round-trips keys through objectPath', () => {
    const key = 'feeds/topics/a b&c/rss.xml';
    expect(requestTarget(objectPath(key))).toEqual({ kind: 'object', key });
  });
});
