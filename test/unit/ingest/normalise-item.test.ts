import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../shared/ingest/decode/decode-body.ts';
import { identityKeyOf, ingestedPostId } from '../../../shared/ingest/normalise/item-identity.ts';
import { MAX_ITEM_CHARACTERS, normaliseItem, type NormaliseContext } from '../../../shared/ingest/normalise/normalise-item.ts';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import type { ParsedFeed, ParsedItem } from '../../../shared/ingest/parse/parsed-feed.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';
import { nestedMarkup } from '../../support/nested-markup-feed.ts';

const FETCHED_AT = '2026-11-25T12:00:00.000Z';
const FEED_URL = 'https://partner.example/feeds/news.xml';

async function fixtureFeed(name: string): Promise<ParsedFeed> {
  return parseFeed(decodeBody(await readFixture(name), undefined).text);
}

function context(feed: ParsedFeed, item: ParsedItem, overrides: Partial<NormaliseContext> = {}): NormaliseContext {
  return {
    source: { subscriptionId: 'partner', feedUrl: FEED_URL, documentUrl: FEED_URL, topics: [{ slug: 'wire', label: 'Wire' }] },
    feed,
    postId: ingestedPostId('partner', identityKeyOf(item, FEED_URL)),
    fetchedAt: FETCHED_AT,
    ...overrides,
  };
}

function normalised(feed: ParsedFeed, index: number, overrides: Partial<NormaliseContext> = {}) {
  const item = feed.items[index] as ParsedItem;
  const result = normaliseItem(item, context(feed, item, overrides));
  if (!result.ok) throw new Error(result.reason);
  return result.post;
}

describe('normalising feed items into posts', () => {
  it('makes a valid post with its source, topics, dates in UTC, authors and categories', async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    const post = normalised(feed, 0);
    expect(post).toMatchObject({
      title: 'Court session postponed',
      url: 'https://wire.example/news/court-postponed',
      publishedAt: '2026-11-24T05:00:00.000Z',
      updatedAt: '2026-11-24T05:00:00.000Z',
      authors: [{ name: 'Reporter One' }],
      topics: [{ slug: 'wire', label: 'Wire' }],
      language: 'ru-RU',
      status: 'published',
      source: { subscriptionId: 'partner', feedUrl: FEED_URL, originalUrl: 'https://wire.example/news/court-postponed', title: 'Fixture Wire', categories: ['Courts'] },
    });
    expect(post.id).toMatch(/^src-partner-[A-Za-z0-9_-]{22}$/);
    expect(normalised(feed, 1).authors).toEqual([{ name: 'Wire Desk', email: 'desk@wire.example' }]);
  });

  it("keeps the partner's own site, the feed's home link, resolved against the document", async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    expect(normalised(feed, 0).source?.siteUrl).toBe('https://wire.example/');
    expect(normalised({ ...feed, homeUrl: '/about/' }, 0).source?.siteUrl).toBe('https://partner.example/about/');
    const { homeUrl: _none, ...withoutHome } = feed;
    expect(normalised(withoutHome, 0).source).not.toHaveProperty('siteUrl');
  });

  it('derives ids from guid, else link, else title and date, never from position', async () => {
    const feed = await fixtureFeed('no-guids.rss.xml');
    const [linked, bare] = feed.items as [ParsedItem, ParsedItem];
    expect(identityKeyOf(linked, FEED_URL)).toBe('link:https://noguid.example/a');
    expect(identityKeyOf(bare, FEED_URL)).toBe('title-date:Bare item\nFri, 20 Nov 2026 12:00:00 GMT');
    expect(identityKeyOf({ ...linked, guid: ' g-1 ' }, FEED_URL)).toBe('guid:g-1');
    expect(ingestedPostId('partner', 'guid:g-1')).toBe(ingestedPostId('partner', 'guid:g-1'));
    expect(ingestedPostId('partner', 'guid:g-1')).not.toBe(ingestedPostId('other', 'guid:g-1'));
  });

  it('resolves relative links against the document URL, and content links against the item link', async () => {
    const feed = await fixtureFeed('relative-links.atom.xml');
    const post = normalised(feed, 0, { source: { subscriptionId: 'partner', feedUrl: FEED_URL, documentUrl: 'https://partner.example/feeds/atom.xml', topics: [] } });
    expect(post.url).toBe('https://partner.example/stories/photo-report');
    expect(post.contentHtml).toContain('href="https://partner.example/gallery/1"');
    expect(post.contentHtml).toContain('src="https://partner.example/stories/images/one.jpg"');
    expect(post.authors).toEqual([{ name: 'Relative Desk' }]);
  });

  it('dates an undated or unparseable item when first seen, and keeps that date on later polls', async () => {
    const feed = await fixtureFeed('relative-links.atom.xml');
    const first = normalised(feed, 1);
    expect(first.publishedAt).toBe(FETCHED_AT);
    const later = normalised(feed, 1, { fetchedAt: '2026-11-26T08:00:00.000Z', knownPublishedAt: first.publishedAt });
    expect(later).toEqual(first);
  });

  it('treats a date in the future as missing, so a feed cannot pin itself on top', async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    const item = { ...(feed.items[0] as ParsedItem), published: 'Fri, 01 Jan 2100 00:00:00 GMT' };
    const result = normaliseItem(item, context(feed, item));
    expect(result.ok && result.post.publishedAt).toBe(FETCHED_AT);
  });

  it('sanitises hostile HTML in titles, bodies and links', async () => {
    const feed = await fixtureFeed('malicious.rss.xml');
    const post = normalised(feed, 0);
    expect(post.title).toBe('Headline');
    expect(post.url).toBe('https://hostile.example/');
    expect(post.source?.originalUrl).toBeUndefined();
    expect(post.source?.title).toBe('Hostile');
    for (const forbidden of ['<script', 'onclick', 'onerror', 'javascript:', 'data:text', '<form', '<input', 'style', 'tracker.example', 'ads.example', '<object', '<svg']) {
      expect(post.contentHtml).not.toContain(forbidden);
    }
    expect(post.contentHtml).toContain('<img alt="real" src="https://hostile.example/real.jpg" />');
    expect(post.contentHtml).toContain('<iframe src="https://www.youtube.com/embed/abc123"></iframe>');
  });

  it('turns JSON Feed text into escaped paragraphs, and picks a typed image', async () => {
    const feed = await fixtureFeed('dispatches.feed.json');
    expect(normalised(feed, 0).contentHtml).toBe('<p>Plain &lt;text&gt; &amp; more</p>');
    const sample = await parseFeed((await import('node:fs')).readFileSync(new URL('../../../local/sample-feeds/border-notes.feed.json', import.meta.url), 'utf8'));
    const withImage = normalised(sample, 0);
    expect(withImage.image).toEqual({ url: 'http://border-notes.example/media/khorgos-queue.jpg', type: 'image/jpeg' });
    expect(withImage.summary).toBe('Drivers report waits of up to five days.');
  });

  it('names the feed as author when an item names none, and cuts oversized bodies to the post limit', async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    const huge = { ...(feed.items[2] as ParsedItem), contentHtml: `<p>${'word '.repeat(80_000)}</p>` };
    const result = normaliseItem(huge, context(feed, huge));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.post.authors).toEqual([{ name: 'Fixture Wire' }]);
    expect(Buffer.byteLength(result.post.contentHtml)).toBeLessThanOrEqual(300_000);
    expect(result.post.contentHtml.endsWith('</p>')).toBe(true);
  });

  it('rejects an item with more text and markup than it will read, as too large', async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    const item = { ...(feed.items[0] as ParsedItem), contentHtml: nestedMarkup(MAX_ITEM_CHARACTERS + 24) };
    const result = normaliseItem(item, context(feed, item));
    expect(result).toMatchObject({ ok: false, kind: 'too-large', reason: expect.stringContaining(`at most ${MAX_ITEM_CHARACTERS}`) });
  });

  it('reads an item of nested markup just under the limit, flattening what is nested too deep', async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    const item = { ...(feed.items[0] as ParsedItem), contentHtml: nestedMarkup(MAX_ITEM_CHARACTERS - 1_000) };
    const result = normaliseItem(item, context(feed, item));
    expect(result.ok && result.post.contentHtml.startsWith('<div><span>x<div><span>x')).toBe(true);
  });

  it('says why an invalid item was rejected', async () => {
    const feed = await fixtureFeed('basic.rss.xml');
    const item = { ...(feed.items[0] as ParsedItem) };
    const result = normaliseItem(item, context(feed, item, { postId: 'not a valid id!' }));
    expect(result).toMatchObject({ ok: false, kind: 'invalid', reason: expect.any(String) });
  });
});
