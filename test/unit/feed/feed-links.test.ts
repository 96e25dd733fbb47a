import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../shared/feed/build-feed-document.ts';
import { feedRefreshOf, ttlMinutesOf } from '../../../shared/feed/feed-refresh.ts';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderJsonFeed } from '../../../shared/feed/render-json-feed.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { NS, childrenNamed, onlyChild, parseStrictXml, textOf } from './strict-xml-tree.ts';
import { sampleDocument, samplePost, sampleSite } from './feed-samples.ts';

const FH = 'http://purl.org/syndication/history/1.0';
const SY = 'http://purl.org/rss/1.0/modules/syndication/';

function page(name: string): FeedDocument['links'] {
  return {
    rss: `https://feeds.example.org/feeds/all/archive/${name}/rss.xml`,
    atom: `https://feeds.example.org/feeds/all/archive/${name}/atom.xml`,
    json: `https://feeds.example.org/feeds/all/archive/${name}/feed.json`,
  };
}

const current = sampleDocument().links;

const archivePage = sampleDocument({
  links: page('p2'),
  hubs: ['https://hub.example.net/'],
  paging: { archive: true, current, prevArchive: page('p1'), nextArchive: page('p3') },
});

function relsOf(links: { attributes: Record<string, string> }[]): Record<string, string> {
  return Object.fromEntries(links.map((link) => [link.attributes.rel ?? '', link.attributes.href ?? '']));
}

describe('feed links: hubs, RFC 5005 archives, stylesheet, refresh', () => {
  it('links an Atom archive page to current, both neighbours and the hub, and marks it fh:archive', () => {
    const feed = parseStrictXml(renderAtom(archivePage));
    expect(relsOf(childrenNamed(feed, NS.atom, 'link'))).toEqual({
      self: page('p2').atom,
      alternate: 'https://news.example.org/',
      hub: 'https://hub.example.net/',
      current: current.atom,
      'prev-archive': page('p1').atom,
      'next-archive': page('p3').atom,
    });
    expect(childrenNamed(feed, FH, 'archive')).toHaveLength(1);
  });

  it('writes the same chain into RSS with atom:link and fh:archive', () => {
    const channel = onlyChild(parseStrictXml(renderRss(archivePage)), '', 'channel');
    expect(relsOf(childrenNamed(channel, NS.atom, 'link'))).toEqual({
      self: page('p2').rss,
      hub: 'https://hub.example.net/',
      current: current.rss,
      'prev-archive': page('p1').rss,
      'next-archive': page('p3').rss,
    });
    expect(childrenNamed(channel, FH, 'archive')).toHaveLength(1);
  });

  it('points JSON Feed next_url at the older page and lists WebSub hubs', () => {
    const json = JSON.parse(renderJsonFeed(archivePage)) as Record<string, unknown>;
    expect(json.next_url).toBe(page('p1').json);
    expect(json.hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example.net/' }]);
  });

  it('leaves paging, hubs and fh:archive out of a plain document', () => {
    const atom = renderAtom(sampleDocument());
    const json = JSON.parse(renderJsonFeed(sampleDocument())) as Record<string, unknown>;
    expect(atom).not.toContain('archive');
    expect(atom).not.toContain('rel="hub"');
    expect(json).not.toHaveProperty('next_url');
    expect(json).not.toHaveProperty('hubs');
  });

  it('names the XSL stylesheet right after the XML declaration of both XML formats', () => {
    const doc = sampleDocument({ stylesheetUrl: 'https://feeds.example.org/assets/feed.xsl?a=1&b=2' });
    const instruction = '<?xml-stylesheet type="text/xsl" href="https://feeds.example.org/assets/feed.xsl?a=1&amp;b=2"?>';
    for (const text of [renderRss(doc), renderAtom(doc)]) {
      expect(text.split('\n')[1]).toBe(instruction);
      parseStrictXml(text);
    }
  });

  it('names the CSS after the XSL, for browsers without XSLT, in both XML formats', () => {
    const doc = sampleDocument({
      stylesheetUrl: 'https://feeds.example.org/assets/feed.xsl',
      cssStylesheetUrl: 'https://feeds.example.org/assets/feed.css?a=1&b=2',
    });
    for (const text of [renderRss(doc), renderAtom(doc)]) {
      expect(text.split('\n').slice(1, 3)).toEqual([
        '<?xml-stylesheet type="text/xsl" href="https://feeds.example.org/assets/feed.xsl"?>',
        '<?xml-stylesheet type="text/css" href="https://feeds.example.org/assets/feed.css?a=1&amp;b=2"?>',
      ]);
      parseStrictXml(text);
    }
  });

  it('has every feed built from a site name the XSL and the CSS beside the feeds', () => {
    const doc = buildFeedDocument('all', [samplePost()], sampleSite());
    expect([doc.stylesheetUrl, doc.cssStylesheetUrl]).toEqual(['https://feeds.example.org/assets/feed.xsl', 'https://feeds.example.org/assets/feed.css']);
  });

  it('derives RSS ttl and sy:updatePeriod from the Cache-Control max-age', () => {
    const channel = onlyChild(parseStrictXml(renderRss(sampleDocument({ ttlMinutes: 5 }))), '', 'channel');
    expect([textOf(channel, '', 'ttl'), textOf(channel, SY, 'updatePeriod'), textOf(channel, SY, 'updateFrequency')]).toEqual([
      '5',
      'hourly',
      '12',
    ]);
  });

  it('reads max-age in minutes, rounding up, and switches to daily beyond an hour', () => {
    expect(ttlMinutesOf('public, max-age=60, stale-while-revalidate=300')).toBe(1);
    expect(ttlMinutesOf('public, s-maxage=600, max-age=90')).toBe(2);
    expect(ttlMinutesOf('no-cache')).toBeUndefined();
    expect(feedRefreshOf(1)).toEqual({ ttlMinutes: 1, period: 'hourly', frequency: 60 });
    expect(feedRefreshOf(1440)).toEqual({ ttlMinutes: 1440, period: 'daily', frequency: 1 });
  });
});
