import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import { discoverHub, parseLinkHeader } from '../../../shared/ingest/websub/hub-discovery.ts';

const FETCHED = 'https://feeds.example/wire/rss.xml';

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom wire</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <link rel="alternate" href="https://atom.example/"/>
  <link rel="self" href="https://atom.example/feed.atom"/>
  <link rel="hub" href="https://hub.example/first"/>
  <link rel="hub" href="https://hub.example/second"/>
  <entry><title>One</title><id>urn:x:1</id><updated>2026-11-24T10:00:00Z</updated><link href="https://atom.example/1"/></entry>
</feed>`;

const RSS = `<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>RSS wire</title>
    <link>https://rss.example/</link>
    <description>x</description>
    <atom:link rel="self" href="https://rss.example/rss.xml" type="application/rss+xml"/>
    <atom:link rel="hub" href="https://hub.example/rss"/>
    <item><title>One</title><guid>1</guid></item>
  </channel>
</rss>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON wire',
  feed_url: 'https://json.example/feed.json',
  hubs: [
    { type: 'rssCloud', url: 'https://cloud.example/' },
    { type: 'WebSub', url: 'https://hub.example/json' },
  ],
  items: [{ id: '1', title: 'One', content_text: 'x' }],
});

describe('WebSub discovery', () => {
  it.each([
    ['Atom <link rel="hub">', ATOM, { hubUrl: 'https://hub.example/first', topicUrl: 'https://atom.example/feed.atom' }],
    ['RSS <atom:link rel="hub">', RSS, { hubUrl: 'https://hub.example/rss', topicUrl: 'https://rss.example/rss.xml' }],
    ['JSON Feed hubs[] and feed_url', JSON_FEED, { hubUrl: 'https://hub.example/json', topicUrl: 'https://json.example/feed.json' }],
  ])('finds the hub and self URL in %s', async (_format, document, expected) => {
    expect(discoverHub(await parseFeed(document), undefined, FETCHED)).toEqual(expected);
  });

  it('reads every hub of an Atom feed in order', async () => {
    expect((await parseFeed(ATOM)).hubUrls).toEqual(['https://hub.example/first', 'https://hub.example/second']);
  });

  it('prefers HTTP Link headers to the document, and takes the fetched URL when there is no self', async () => {
    const feed = await parseFeed(RSS);
    const header = '<https://hub.example/from-header>; rel="hub", </wire/canonical.xml>; rel="self"';
    expect(discoverHub(feed, header, FETCHED)).toEqual({ hubUrl: 'https://hub.example/from-header', topicUrl: 'https://feeds.example/wire/canonical.xml' });
    expect(discoverHub({ hubUrls: [], selfUrl: undefined }, '<https://hub.example/h>; rel=hub', FETCHED)).toEqual({
      hubUrl: 'https://hub.example/h',
      topicUrl: FETCHED,
    });
  });

  it('finds nothing in a feed without a hub, and ignores hubs that are not http(s)', async () => {
    const plain = RSS.replace(/<atom:link rel="hub"[^>]*>/, '');
    expect(discoverHub(await parseFeed(plain), undefined, FETCHED)).toBeUndefined();
    expect(discoverHub({ hubUrls: ['javascript:alert(1)', 'ftp://hub.example/'], selfUrl: undefined }, undefined, FETCHED)).toBeUndefined();
  });

  it('parses RFC 8288 Link headers with several relations, parameters and commas inside URLs', () => {
    expect(parseLinkHeader('<https://a.example/x,y>; rel="hub self"; title="A, B", <https://b.example/>; type="text/html"; rel=alternate')).toEqual([
      { href: 'https://a.example/x,y', rels: ['hub', 'self'] },
      { href: 'https://b.example/', rels: ['alternate'] },
    ]);
  });
});
