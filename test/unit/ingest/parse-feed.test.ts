import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../shared/ingest/decode/decode-body.ts';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import { MAX_ELEMENT_DEPTH } from '../../../shared/ingest/parse/xml-node-reader.ts';
import { FeedParseError } from '../../../shared/ingest/parse/parse-error.ts';
import { UnsafeXmlError } from '../../../shared/ingest/parse/unsafe-xml-guard.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';

async function parseFixture(name: string, contentType?: string) {
  return parseFeed(decodeBody(await readFixture(name), contentType).text);
}

describe('parsing RSS, Atom and JSON Feed into one shape', () => {
  it('reads RSS 2.0 channel and items', async () => {
    const feed = await parseFixture('basic.rss.xml');
    expect(feed).toMatchObject({ format: 'rss', title: 'Fixture Wire', homeUrl: 'https://wire.example/', language: 'ru-RU', malformedItems: 0 });
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]).toMatchObject({
      guid: 'wire-3',
      link: 'https://wire.example/news/court-postponed',
      title: 'Court session postponed',
      contentHtml: 'The session was moved to December.',
      published: 'Tue, 24 Nov 2026 10:00:00 +0500',
      authors: [{ name: 'Reporter One' }],
      categories: ['Courts'],
    });
    expect(feed.items[1]?.authors).toEqual([{ name: 'desk@wire.example (Wire Desk)' }]);
  });

  it('reads Atom entries, including one whose dates do not parse', async () => {
    const feed = await parseFixture('relative-links.atom.xml');
    expect(feed.format).toBe('atom');
    expect(feed.items.map((item) => item.link)).toEqual(['/stories/photo-report', 'broken-date']);
    expect(feed.items[1]).toMatchObject({ published: 'not a date at all', updated: 'yesterday-ish', title: 'Entry with a broken date' });
  });

  it('reads the sample Atom feed: html titles, categories, enclosures, authors', async () => {
    const feed = parseFeed((await import('node:fs')).readFileSync(new URL('../../../local/sample-feeds/valley-monitor.atom.xml', import.meta.url), 'utf8'));
    const items = (await feed).items;
    expect(items[1]?.title).toBe('Teachers in Batken say salaries are <em>two months</em> late');
    expect(items[0]?.categories).toEqual(['Uzbekistan', 'Kyrgyzstan']);
    expect(items[2]?.images[0]).toEqual({ url: 'http://valley-monitor.example/media/khujand.jpg', type: 'image/jpeg', length: 50210 });
    expect(items[0]?.authors).toEqual([{ name: 'Malika Rasulova' }]);
  });

  it('reads JSON Feed natively, skipping malformed items and counting them', async () => {
    const feed = await parseFixture('dispatches.feed.json', 'application/feed+json');
    expect(feed).toMatchObject({ format: 'json', title: 'Dispatches', malformedItems: 1 });
    expect(feed.items.map((item) => item.guid)).toEqual(['d-2', '1', 'd-bad']);
    expect(feed.items[0]).toMatchObject({ contentText: 'Plain <text> & more', categories: ['Borders'], summaryIsHtml: false });
    expect(feed.items[2]).not.toHaveProperty('title');
    expect(feed.items[2]).not.toHaveProperty('contentHtml');
  });

  it('decodes windows-1251 and GBK feeds to the right characters', async () => {
    const cyrillic = await parseFixture('cyrillic.windows-1251.rss.xml', 'text/xml');
    expect(cyrillic.title).toBe('Вестник степи');
    expect(cyrillic.items[0]?.title).toBe('Суд отложил заседание по делу журналиста');
    const chinese = await parseFixture('chinese.gbk.rss.xml', 'application/rss+xml');
    expect(chinese.items[0]?.title).toBe('霍尔果斯口岸货车排队超过六百辆');
  });

  it('tolerates a stray BOM and leading whitespace', async () => {
    const text = `\uFEFF\n\n  ${(await readFixture('basic.rss.xml')).toString('utf8')}`;
    expect((await parseFeed(text)).items).toHaveLength(3);
    expect((await parseFeed(`\n  {"version":"https://jsonfeed.org/version/1","items":[]}`)).format).toBe('json');
  });

  it('refuses a billion-laughs document before parsing, without expanding anything', async () => {
    const before = process.memoryUsage().heapUsed;
    await expect(parseFixture('billion-laughs.xml')).rejects.toBeInstanceOf(UnsafeXmlError);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50_000_000);
  });

  it('refuses elements nested deeper than browsers nest HTML, at once, however deep the document goes', async () => {
    const nested = (depth: number) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><link>https://deep.example/</link><description>d</description><item><title>t</title><link>https://deep.example/1</link><description>${'<div>'.repeat(depth)}${'</div>'.repeat(depth)}</description></item></channel></rss>`;
    // rss, channel, item and description hold the divs: 508 of them reach the limit exactly.
    expect((await parseFeed(nested(MAX_ELEMENT_DEPTH - 4))).items).toHaveLength(1);
    await expect(parseFeed(nested(MAX_ELEMENT_DEPTH - 3))).rejects.toThrow(`XML nesting deeper than ${MAX_ELEMENT_DEPTH} elements at line 1`);
    await expect(parseFeed(nested(200_000))).rejects.toThrow(/XML nesting deeper than 512 elements .*\(RSS 2\.0\)/);
  });

  it('allows a plain DOCTYPE, and entity text quoted inside content', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link><description>d</description>
<item><title>About XML</title><link>https://old.example/1</link><description><![CDATA[<!ENTITY x "y"> is a declaration]]></description></item>
</channel></rss>`;
    const feed = await parseFeed(xml);
    expect(feed.items[0]?.contentHtml).toBe('<!ENTITY x "y"> is a declaration');
  });

  it('reports where ill-formed XML breaks', async () => {
    const error = await parseFixture('broken.rss.xml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).message).toMatch(/^XML parse error at line 7, column \d+: Unexpected close tag/);
    expect((error as FeedParseError).line).toBe(7);
  });

  it('says what is wrong with a document that is no feed', async () => {
    await expect(parseFeed('<html><body>Not a feed</body></html>')).rejects.toThrow(/Feed not recognized/);
    await expect(parseFeed('{"title":"no version"}')).rejects.toThrow(/not a JSON Feed: version/);
    await expect(parseFeed('{ broken json')).rejects.toThrow(/JSON parse error/);
  });
});
