/**
 * JSON Feed 1.1, written directly: the `feed` package (6.0.0) writes only JSON Feed 1.0 (a single
 * `author`, no `language`, no `authors`, no attachments), and JSON needs no serializer of our own
 * beyond `JSON.stringify` over objects whose keys are always set in the same order.
 */
import type { Author } from '../post/post-schema.ts';
import { cleanXmlText } from '../post/xml-text.ts';
import type { FeedDocument, FeedItem } from './feed-document.ts';
import { toRfc3339 } from './feed-dates.ts';
import { itemSummary } from './item-summary.ts';
import { JSON_FEED_VERSION, type JsonFeed, type JsonFeedAuthor, type JsonFeedItem } from './json-feed-schema.ts';

const INDENT = 2;

/** The document as JSON Feed 1.1, indented by two spaces, ending with a newline. */
export function renderJsonFeed(doc: FeedDocument): string {
  return `${JSON.stringify(jsonFeedOf(doc), cleanStrings, INDENT)}\n`;
}

/**
 * The same text cleaning as the XML formats: JSON could carry U+0001 escaped, but no reader
 * wants it, and a feed should say the same thing in every format. Fields set to `undefined` are
 * left out by `JSON.stringify`, which keeps optional fields readable below.
 */
function cleanStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? cleanXmlText(value) : value;
}

function jsonFeedOf(doc: FeedDocument): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homePageUrl,
    feed_url: doc.links.json,
    description: doc.description,
    next_url: doc.paging?.prevArchive?.json,
    language: doc.language,
    hubs: doc.hubs.length > 0 ? doc.hubs.map((url) => ({ type: 'WebSub', url })) : undefined,
    items: doc.items.map(jsonFeedItemOf),
  };
}

function jsonFeedItemOf(item: FeedItem): JsonFeedItem {
  const { image } = item;
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    content_html: item.contentHtml,
    summary: itemSummary(item) || undefined,
    image: image?.url,
    date_published: toRfc3339(item.publishedAt),
    date_modified: toRfc3339(item.updatedAt),
    authors: item.authors.map(jsonFeedAuthorOf),
    tags: item.categories.length > 0 ? item.categories.map((category) => category.label) : undefined,
    language: item.language,
    attachments: image && [{ url: image.url, mime_type: image.type, size_in_bytes: image.length }],
  };
}

/** JSON Feed authors have no e-mail field; the spec allows a `mailto:` URL when there is no site. */
function jsonFeedAuthorOf(author: Author): JsonFeedAuthor {
  const url = author.url ?? (author.email ? `mailto:${author.email}` : undefined);
  return { name: author.name, url };
}
