import { describe, expect, it } from 'vitest';
import { renderBucketListing } from '../../../shared/site/render-bucket-listing.ts';
import type { FeedListing } from '../../../shared/site/feed-listing.ts';

const feeds: FeedListing[] = [
  {
    feedId: 'all',
    files: [
      { format: 'rss', key: 'feeds/all/rss.xml', lastModified: new Date('2026-11-25T10:00:00Z') },
      { format: 'atom', key: 'feeds/all/atom.xml' },
      { format: 'json', key: 'feeds/all/feed.json' },
    ],
  },
  { feedId: 'topics/<b>&"q"', files: [{ format: 'rss', key: 'feeds/topics/<b>&"q"/rss.xml' }] },
];

describe('renderBucketListing', () => {
  const html = renderBucketListing({ title: 'News & <Views>', feeds });
  const head = html.slice(0, html.indexOf('</head>'));

  it('puts one autodiscovery link per feed file in the head', () => {
    expect(head).toContain('<link rel="alternate" type="application/rss+xml" title="all (RSS 2.0)" href="/feeds/all/rss.xml">');
    expect(head).toContain('<link rel="alternate" type="application/atom+xml" title="all (Atom 1.0)" href="/feeds/all/atom.xml">');
    expect(head).toContain('<link rel="alternate" type="application/feed+json" title="all (JSON Feed)" href="/feeds/all/feed.json">');
    expect(head.match(/<link rel="alternate"/g)).toHaveLength(4);
  });

  it('escapes titles, feed ids and hrefs', () => {
    expect(html).toContain('<title>News &amp; &lt;Views&gt;</title>');
    expect(html).toContain('<h2>topics/&lt;b&gt;&amp;&quot;q&quot;</h2>');
    expect(html).toContain('href="/feeds/topics/%3Cb%3E%26%22q%22/rss.xml"');
    expect(html).toContain('title="topics/&lt;b&gt;&amp;&quot;q&quot; (RSS 2.0)"');
    expect(html).not.toContain('<b>');
  });

  it('links every format in the body and shows modification dates', () => {
    expect(html).toContain('<a href="/feeds/all/atom.xml" type="application/atom+xml">Atom 1.0</a>');
    expect(html).toContain('<time datetime="2026-11-25T10:00:00.000Z">');
  });

  it('says so when nothing is published', () => {
    const empty = renderBucketListing({ title: 'Feeds', feeds: [] });
    expect(empty).toContain('<p>No feeds published yet.</p>');
    expect(empty).not.toContain('<link rel="alternate"');
  });
});
