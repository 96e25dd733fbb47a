import { describe, expect, it } from 'vitest';
import type { FeedDocument, FeedItem } from '../../../shared/feed/feed-document.ts';
import type { FeedFormat } from '../../../shared/feed/feed-id.ts';
import { plainTextAsHtml } from '../../../shared/feed/html-text.ts';
import { itemSummary } from '../../../shared/feed/item-summary.ts';
import { renderFeedFiles } from '../../../shared/feed/render-feed.ts';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import type { ParsedAuthor, ParsedFeed, ParsedImage, ParsedItem } from '../../../shared/ingest/parse/parsed-feed.ts';
import { episodeItem, goldenDocument, sampleItem } from '../feed/feed-samples.ts';

/**
 * Every document Feedline renders is read back by its own parser with every field the format can
 * carry equal to the FeedDocument's: what one Feedline publishes, another can ingest unchanged.
 */
function richDocument(): FeedDocument {
  const golden = goldenDocument();
  return {
    ...golden,
    hubs: ['https://hub.example.org/', 'https://hub2.example.org/websub'],
    ttlMinutes: 15,
    items: [
      ...golden.items,
      sampleItem({
        id: 'tag:news.example.org,2026:post/post-2',
        postId: 'post-2',
        url: 'https://news.example.org/posts/post-2?lang=ru&amp=1',
        title: 'Приговор — «без права на апелляцию» & <b>not bold</b>',
        summary: 'Line one\nline two, with  spaces & <angle> brackets',
        contentHtml: '<p>Two <![CDATA[ sections ]]> and ]]> twice ]]> &amp; an entity &nbsp; kept.</p>',
        authors: [
          { name: 'Wire Desk' },
          { name: 'Gulnara Iskakova', email: 'gulnara@news.example.org' },
        ],
        image: { url: 'https://img.example.org/lead.png', type: 'image/png' },
        language: 'ru',
      }),
      episodeItem(),
    ],
  };
}

/** What each format carries of the document, as our parser names it. */
function expectedFeed(doc: FeedDocument, format: FeedFormat): Omit<ParsedFeed, 'warnings'> {
  return {
    format,
    title: doc.title,
    homeUrl: doc.homePageUrl,
    language: doc.language,
    ...(format === 'rss' ? { ttlMinutes: doc.ttlMinutes } : {}),
    hubUrls: doc.hubs,
    selfUrl: doc.links[format],
    items: doc.items.map((item) => expectedItem(item, format, doc.language)),
    malformedItems: 0,
  };
}

function expectedItem(item: FeedItem, format: FeedFormat, feedLanguage: string): ParsedItem {
  const summary = itemSummary(item);
  const expected: ParsedItem = {
    guid: item.id,
    link: item.url,
    title: item.title,
    contentHtml: item.contentHtml,
    // RSS descriptions are HTML: the plain summary was written there escaped for HTML.
    ...(summary === '' ? {} : { summary: format === 'rss' ? plainTextAsHtml(summary) : summary }),
    summaryIsHtml: format === 'rss',
    published: item.publishedAt,
    ...(format === 'rss' ? {} : { updated: item.updatedAt }),
    authors: item.authors.map((author) => expectedAuthor(author, format)),
    categories: item.categories.map((category) => category.label),
    images: expectedImages(item, format),
    attachments: (item.attachments ?? []).map((attachment) => ({ ...attachment })),
    ...(format === 'rss' ? expectedPodcastLinks(item) : {}),
  };
  if (format === 'json' || (format === 'atom' && item.language !== feedLanguage)) expected.language = item.language;
  return expected;
}

function expectedAuthor(author: FeedItem['authors'][number], format: FeedFormat): ParsedAuthor {
  if (format === 'atom') return author;
  if (format === 'json') {
    const url = author.url ?? (author.email === undefined ? undefined : `mailto:${author.email}`);
    return { name: author.name, ...(url === undefined ? {} : { url }) };
  }
  // RSS names every author with dc:creator; e-mail addresses travel in Atom and JSON only.
  return { name: author.name };
}

function expectedImages(item: FeedItem, format: FeedFormat): ParsedImage[] {
  const { image } = item;
  if (image === undefined) return [];
  const sizes = { ...(image.length === undefined ? {} : { length: image.length }) };
  const media = { url: image.url, type: image.type, ...sizes, ...(image.width ? { width: image.width } : {}), ...(image.height ? { height: image.height } : {}) };
  if (format === 'json') return [{ url: image.url }, { url: image.url, type: image.type, ...sizes }];
  // RSS has one enclosure: the first audio or video attachment when there is one, else the image.
  if (format === 'rss' && (item.attachments?.length ?? 0) > 0) return [media];
  // RSS requires an enclosure length and writes 0 when it is unknown.
  const enclosure = { url: image.url, type: image.type, length: format === 'rss' ? (image.length ?? 0) : image.length };
  return [JSON.parse(JSON.stringify(enclosure)) as ParsedImage, media];
}

/** Transcript and chapters are Podcasting 2.0 tags: RSS only. */
function expectedPodcastLinks(item: FeedItem): Pick<ParsedItem, 'transcript' | 'chapters'> {
  return {
    ...(item.transcript === undefined ? {} : { transcript: { ...item.transcript } }),
    ...(item.chapters === undefined ? {} : { chapters: { ...item.chapters } }),
  };
}

/** Dates are compared as instants: each format writes its own date syntax. */
function withInstants(feed: Omit<ParsedFeed, 'warnings'>): Omit<ParsedFeed, 'warnings'> {
  const instant = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
  return {
    ...feed,
    items: feed.items.map((item) => JSON.parse(JSON.stringify({ ...item, published: instant(item.published), updated: instant(item.updated) })) as ParsedItem),
  };
}

describe('reading back what Feedline renders', () => {
  const doc = richDocument();
  const files = renderFeedFiles(doc);

  it.each(['rss', 'atom', 'json'] as const)('reads every field of its own %s back as written', async (format) => {
    const { warnings, ...parsed } = await parseFeed(files[format]);
    expect(withInstants(parsed)).toEqual(withInstants(expectedFeed(doc, format)));
    expect(warnings).toEqual([]);
  });
});
