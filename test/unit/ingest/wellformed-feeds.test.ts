import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../shared/ingest/decode/decode-body.ts';
import { IngestError } from '../../../shared/ingest/ingest-error.ts';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import { FeedParseError } from '../../../shared/ingest/parse/parse-error.ts';
import { UnsafeXmlError } from '../../../shared/ingest/parse/unsafe-xml-guard.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';

async function parseWellformed(name: string) {
  return parseFeed(decodeBody(await readFixture(`wellformed/${name}`), undefined).text);
}

/** Each fixture is a well-formed document that mainstream readers open; every item must come out. */
const CASES: { name: string; format: 'rss' | 'atom' | 'json'; title: string; links: (string | undefined)[] }[] = [
  {
    name: 'rss-without-version.xml',
    format: 'rss',
    title: 'Steppe Rights Journal',
    links: ['https://steppe-rights.example/2026/11/almaty-witnesses', 'https://steppe-rights.example/2026/11/union-leader-moved'],
  },
  { name: 'rss-version-1.0.xml', format: 'rss', title: 'Aral Sea Bulletin', links: ['https://aral-bulletin.example/news/muynak-dust'] },
  {
    name: 'prefixed-rss-root.xml',
    format: 'rss',
    title: 'Pamir Press Monitor',
    links: ['https://pamir-monitor.example/khorog-internet-day-nine', 'https://pamir-monitor.example/blogger-summoned'],
  },
  {
    name: 'prefixed-atom-root.atom.xml',
    format: 'atom',
    title: 'Caspian Labour Watch',
    links: ['https://caspian-labour.example/zhanaozen-complaint', 'https://caspian-labour.example/committee-fined'],
  },
  {
    name: 'prefixed-entries.atom.xml',
    format: 'atom',
    title: 'Ferghana Valley Rights Digest',
    links: ['https://ferghana-digest.example/andijan-checkpoints', 'https://ferghana-digest.example/lawyer-barred'],
  },
  {
    name: 'rss-items-outside-channel.xml',
    format: 'rss',
    title: 'Bishkek Court Watch',
    links: ['https://bishkek-courts.example/kempir-abad-appeal', 'https://bishkek-courts.example/journalist-acquitted'],
  },
  {
    name: 'atom-link-without-href.atom.xml',
    format: 'atom',
    title: 'Kyrgyz Media Freedom Log',
    links: ['https://media-log.example/licence-revoked', undefined],
  },
  { name: 'atom-with-doctype.atom.xml', format: 'atom', title: 'Dushanbe Prison Letters', links: ['https://prison-letters.example/yavan-heating'] },
  {
    name: 'atom-0.3.atom.xml',
    format: 'atom',
    title: 'Old Almaty Human Rights Bureau Blog',
    links: ['https://old-bureau.example/rallies-report', 'https://old-bureau.example/volunteers'],
  },
  {
    name: 'html-entities-and-undeclared-prefixes.rss.xml',
    format: 'rss',
    title: 'Qaraqalpaq\u00a0Voices',
    links: ['https://qaraqalpaq-voices.example/canal-farmers', 'https://qaraqalpaq-voices.example/cafe-song'],
  },
  { name: 'utf-16le-no-bom.rss.xml', format: 'rss', title: 'Озод сўз (UTF-16LE)', links: ['https://ozod-soz.example/utf-16/1'] },
  { name: 'utf-16be-no-bom.atom.xml', format: 'atom', title: 'Озод сўз (UTF-16BE)', links: ['https://ozod-soz.example/utf-16/1'] },
  { name: 'utf-32le-no-bom.rss.xml', format: 'rss', title: 'Озод сўз (UTF-32LE)', links: ['https://ozod-soz.example/utf-32/1'] },
  { name: 'utf-32be-no-bom.atom.xml', format: 'atom', title: 'Озод сўз (UTF-32BE)', links: ['https://ozod-soz.example/utf-32/1'] },
  { name: 'utf-32le-bom.rss.xml', format: 'rss', title: 'Озод сўз (UTF-32LE, BOM)', links: ['https://ozod-soz.example/utf-32/1'] },
  { name: 'utf-32be-bom.atom.xml', format: 'atom', title: 'Озод сўз (UTF-32BE, BOM)', links: ['https://ozod-soz.example/utf-32/1'] },
  {
    name: 'json-feed-bare-version.feed.json',
    format: 'json',
    title: 'Samarkand Community Radio Notes',
    links: ['https://samarkand-radio.example/notes/mahalla-elections'],
  },
];

describe('reading every well-formed feed that mainstream readers open', () => {
  it.each(CASES)('reads every item of $name', async ({ name, format, title, links }) => {
    const feed = await parseWellformed(name);
    expect(feed).toMatchObject({ format, title, malformedItems: 0 });
    expect(feed.items.map((item) => item.link)).toEqual(links);
    for (const item of feed.items) expect(item.title).toBeTruthy();
  });

  it('keeps an entry whose first link has no href, and one with no usable link at all', async () => {
    const feed = await parseWellformed('atom-link-without-href.atom.xml');
    expect(feed.items.map((item) => item.guid)).toEqual(['tag:media-log.example,2026:licence-revoked', 'tag:media-log.example,2026:laptop-returned']);
    expect(feed.items[1]).not.toHaveProperty('link');
    expect(feed.warnings).toContain('skipped 2 Atom <link> elements without href');
  });

  it('reads a standalone Atom entry document as a feed of one item', async () => {
    const feed = await parseWellformed('entry-document.atom.xml');
    expect(feed).toMatchObject({ format: 'atom', language: 'en', hubUrls: [] });
    expect(feed.items).toEqual([
      {
        guid: 'tag:tashkent-notes.example,2026:hunger-strike-ends',
        link: 'https://tashkent-notes.example/hunger-strike-ends',
        title: 'Hunger strike in a Tashkent pre-trial centre ends after twelve days',
        contentHtml: '<p>The detainees stopped after the prosecutor agreed to review their complaints.</p>',
        summaryIsHtml: true,
        published: '2026-11-25T05:30:00Z',
        updated: '2026-11-25T06:00:00Z',
        authors: [{ name: 'Dilnoza Karimova', url: 'https://tashkent-notes.example/authors/dilnoza' }],
        categories: ['Uzbekistan'],
        images: [],
        attachments: [],
        language: 'en',
      },
    ]);
  });

  it('reads RSS 1.0 items that sit beside no channel at all, with their rdf:about and Dublin Core fields', async () => {
    const feed = await parseWellformed('rdf-without-channel.rdf');
    expect(feed.format).toBe('rss');
    expect(feed.items.map((item) => [item.guid, item.published, item.authors])).toEqual([
      ['https://turkmen-notes.example/gas-queues', '2026-11-22T09:00:00+05:00', [{ name: 'Correspondent in Mary' }]],
      ['https://turkmen-notes.example/exit-bans', '2026-11-19T14:00:00+05:00', []],
    ]);
  });

  it('maps an Atom feed behind a DOCTYPE with the Atom mapping, not the RSS one', async () => {
    const [entry] = (await parseWellformed('atom-with-doctype.atom.xml')).items;
    expect(entry).toMatchObject({
      guid: 'tag:prison-letters.example,2026:yavan-heating',
      summary: 'A prisoner describes the first frosts in the colony.',
      summaryIsHtml: false,
      authors: [{ name: 'Letters desk', email: 'letters@prison-letters.example' }],
    });
  });

  it('reads Atom 0.3 dates, escaped and inline XML content', async () => {
    const feed = await parseWellformed('atom-0.3.atom.xml');
    expect(feed).toMatchObject({ homeUrl: 'https://old-bureau.example/', author: { name: 'Bureau staff', url: 'https://old-bureau.example/about' } });
    expect(feed.items[0]).toMatchObject({
      published: '2026-11-18T12:00:00+06:00',
      updated: '2026-11-18T14:00:00+06:00',
      contentHtml: '<p>Our monitors counted forty detentions in three cities.</p>',
      summary: 'Forty detentions in three cities, by our count.',
      summaryIsHtml: false,
    });
    expect(feed.items[1]?.contentHtml).toBe('<p>Training starts on <b>1 December</b>.</p>');
  });

  it('decodes the HTML entities of the RSS 0.91 DTD, and reads elements of undeclared prefixes by their usual namespace', async () => {
    const feed = await parseWellformed('html-entities-and-undeclared-prefixes.rss.xml');
    expect(feed.items[0]).toMatchObject({
      title: '«We were not asked»: farmers on the new canal',
      contentHtml: '<p>The canal cuts through <em>twelve</em> family plots &amp; a cemetery.</p>',
      authors: [{ name: 'Aygul Seytmuratova' }],
      images: [{ url: 'https://qaraqalpaq-voices.example/media/canal.jpg', type: 'image/jpeg', width: 640, height: 360 }],
    });
    expect(feed.items[1]?.contentHtml).toBe('The song, from 1992, was ruled “extremist” in 2025.\u00a0The owner will appeal.');
    expect(feed.warnings).toEqual(['undeclared namespace prefix "dc:" read as http://purl.org/dc/elements/1.1/', 'undeclared namespace prefix "media:" read as http://search.yahoo.com/mrss/']);
  });

  it('reads Atom xhtml content as markup and text content as escaped HTML', async () => {
    const feed = await parseWellformed('xhtml-content.atom.xml');
    expect(feed.title).toBe('Astana <em>Legal</em> Clinic');
    expect(feed.items[0]).toMatchObject({
      title: 'Free consultations & what to bring',
      contentHtml: '<p>Bring your <strong>court papers</strong> and an ID.<br />We answer in Kazakh, Russian &amp; English.</p><p>Wednesdays, <a href="/hours">see hours</a>.</p>',
    });
    expect(feed.items[1]?.contentHtml).toBe('Closed on Friday. Urgent cases: call the &lt;duty&gt; line.');
  });

  it('accepts a JSON Feed whose version is a bare number, with a warning', async () => {
    const feed = await parseWellformed('json-feed-bare-version.feed.json');
    expect(feed.items).toHaveLength(1);
    expect(feed.warnings).toEqual(['JSON Feed version "1.1" is not the version URL; read as JSON Feed 1.1']);
  });
});

describe('errors that name the format, line and column', () => {
  it('says which root element is not a feed, and where', async () => {
    const error = await parseFeed('<?xml version="1.0"?>\n<!-- a page -->\n<html><body>Not a feed</body></html>').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FeedParseError);
    expect(error).toMatchObject({ line: 3, column: 6, message: 'Feed not recognized: the root element <html> is not RSS, RDF or Atom (line 3, column 6)' });
  });

  it('names the detected format when a document breaks after its root', async () => {
    const error = await parseFeed('<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>x</entry></feed>').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).message).toBe('XML parse error at line 2, column 23: Unexpected close tag (Atom 1.0)');
  });

  it('reports an item-less RSS document missing its channel without a TypeError', async () => {
    await expect(parseFeed('<rss version="2.0"><title>Bare</title></rss>')).resolves.toMatchObject({ format: 'rss', items: [] });
  });

  it('answers every truncation of every fixture with a feed or a typed error, never a crash', async () => {
    for (const { name } of CASES) {
      const text = decodeBody(await readFixture(`wellformed/${name}`), undefined).text;
      for (let end = 0; end < text.length; end += 11) {
        const outcome = await parseFeed(text.slice(0, end)).catch((caught: unknown) => caught);
        if (outcome instanceof Error) expect(outcome, `${name} cut at ${end}`).toBeInstanceOf(IngestError);
        else expect(outcome).toHaveProperty('items');
      }
    }
  });

  it('still refuses entity declarations, also behind an Atom root', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed xmlns="http://www.w3.org/2005/Atom"><title>&a;</title></feed>';
    await expect(parseFeed(bomb)).rejects.toBeInstanceOf(UnsafeXmlError);
  });
});
