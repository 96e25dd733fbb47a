import { describe, expect, it } from 'vitest';
import { checkJsonFeed, checkWellFormedXml } from '../../../shared/feed/check-feed-document.ts';

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

describe('checkWellFormedXml', () => {
  it.each([
    { name: 'an RSS root', text: `${DECLARATION}<rss version="2.0"><channel/></rss>`, root: { uri: '', local: 'rss' } },
    {
      name: 'an Atom root',
      text: `${DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id></feed>`,
      root: { uri: 'http://www.w3.org/2005/Atom', local: 'feed' },
    },
    { name: 'escaped ]]> and emoji', text: '<a>]]&gt;]]&gt; 😀 Қазақстан</a>', root: { uri: '', local: 'a' } },
  ])('accepts $name', ({ text, root }) => {
    expect(checkWellFormedXml(text)).toEqual({ ok: true, root });
  });

  it.each([
    { name: 'an unescaped ampersand', text: '<rss>\n<title>Tom & Jerry</title></rss>', line: 2 },
    { name: 'a forbidden control character', text: '<rss><title>a\u0001b</title></rss>', line: 1 },
    { name: 'a raw ]]> in text', text: '<rss><title>a]]>b</title></rss>', line: 1 },
    { name: 'a mismatched end tag', text: '<rss>\n<channel>\n</rss>', line: 3 },
    { name: 'an unbound namespace prefix', text: '<rss><media:content/></rss>', line: 1 },
    { name: 'a second root element', text: '<rss/><rss/>', line: 1 },
    { name: 'a truncated document', text: '<rss><channel>', line: 1 },
  ])('rejects $name with the parser reason and position', ({ text, line }) => {
    const result = checkWellFormedXml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.reason).toMatch(/\S/);
    expect(result.problem.reason).not.toMatch(/^\d+:\d+:/);
    expect(result.problem.line).toBe(line);
    expect(result.problem.column).toBeGreaterThan(0);
  });

  it('rejects an empty document', () => {
    expect(checkWellFormedXml('').ok).toBe(false);
  });
});

const VALID_JSON_FEED = {
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Feed',
  items: [{ id: 'tag:example.org,2026:post/1', content_html: '<p>x</p>', date_published: '2026-11-20T08:00:00.000Z' }],
};

describe('checkJsonFeed', () => {
  it.each([
    { name: 'a minimal feed', feed: VALID_JSON_FEED },
    { name: 'an empty feed', feed: { ...VALID_JSON_FEED, items: [] } },
    { name: 'text content only', feed: { ...VALID_JSON_FEED, items: [{ id: '1', content_text: 'x' }] } },
  ])('accepts $name', ({ feed }) => {
    expect(checkJsonFeed(JSON.stringify(feed))).toEqual({ ok: true });
  });

  it.each([
    { name: 'JSON Feed 1.0', feed: { ...VALID_JSON_FEED, version: 'https://jsonfeed.org/version/1' }, field: 'version' },
    { name: 'a missing title', feed: { version: VALID_JSON_FEED.version, items: [] }, field: 'title' },
    { name: 'missing items', feed: { version: VALID_JSON_FEED.version, title: 'Feed' }, field: 'items' },
    { name: 'an item without id', feed: { ...VALID_JSON_FEED, items: [{ content_html: 'x' }] }, field: 'items.0.id' },
    { name: 'an item without content', feed: { ...VALID_JSON_FEED, items: [{ id: '1' }] }, field: 'items.0' },
    {
      name: 'duplicate item ids',
      feed: { ...VALID_JSON_FEED, items: [{ id: '1', content_text: 'a' }, { id: '1', content_text: 'b' }] },
      field: 'items',
    },
    {
      name: 'a date without a time zone',
      feed: { ...VALID_JSON_FEED, items: [{ id: '1', content_text: 'a', date_published: '2026-11-20T08:00:00' }] },
      field: 'items.0.date_published',
    },
    {
      name: 'an attachment without MIME type',
      feed: { ...VALID_JSON_FEED, items: [{ id: '1', content_text: 'a', attachments: [{ url: 'https://x.example/a.jpg' }] }] },
      field: 'items.0.attachments.0.mime_type',
    },
  ])('rejects $name and names the field', ({ feed, field }) => {
    const result = checkJsonFeed(JSON.stringify(feed));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.reason).toContain(`${field}:`);
  });

  it('rejects text that is not JSON, with the line and column where V8 reports a position', () => {
    const result = checkJsonFeed('{\n  "version": "x",\n  "title": "y",\n}');
    expect(result).toMatchObject({ ok: false, problem: { line: 4, column: 1 } });
  });

  it('rejects text that is not JSON with the parser reason when V8 reports no position', () => {
    const result = checkJsonFeed('{"title": oops}');
    expect(result).toMatchObject({ ok: false, problem: { reason: expect.stringContaining('not valid JSON') } });
  });
});
