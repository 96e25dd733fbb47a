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
  return `${JSON.stringify(jsonFeedOf(doc), undefined, INDENT)}\n`;
}

/** What `cleanXmlText` removes, and any surrogate (a pair is fine; telling takes the slower look). */
const MAYBE_UNCLEAN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * The same text cleaning as the XML formats: JSON could carry U+0001 escaped, but no reader
 * wants it, and a feed should say the same thing in every format. Every string is cleaned where
 * it is put in, not by a `JSON.stringify` replacer: a call per key made stringifying twice as slow.
 */
function text(value: string): string {
  return MAYBE_UNCLEAN.test(value) ? cleanXmlText(value) : value;
}

/** Fields set to `undefined` are left out by `JSON.stringify`, which keeps optional fields readable below. */
function optionalText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : text(value);
}

function jsonFeedOf(doc: FeedDocument): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: text(doc.title),
    home_page_url: text(doc.homePageUrl),
    feed_url: text(doc.links.json),
    description: text(doc.description),
    next_url: optionalText(doc.paging?.prevArchive?.json),
    language: text(doc.language),
    hubs: doc.hubs.length > 0 ? doc.hubs.map((url) => ({ type: 'WebSub', url: text(url) })) : undefined,
    items: doc.items.map(jsonFeedItemOf),
  };
}

function jsonFeedItemOf(item: FeedItem): JsonFeedItem {
  const { image } = item;
  return {
    id: text(item.id),
    url: text(item.url),
    title: text(item.title),
    content_html: text(item.contentHtml),
    summary: optionalText(itemSummary(item) || undefined),
    image: optionalText(image?.url),
    date_published: toRfc3339(item.publishedAt),
    date_modified: toRfc3339(item.updatedAt),
    authors: item.authors.map(jsonFeedAuthorOf),
    tags: item.categories.length > 0 ? item.categories.map((category) => text(category.label)) : undefined,
    language: text(item.language),
    attachments: image && [{ url: text(image.url), mime_type: text(image.type), size_in_bytes: image.length }],
  };
}

/** JSON Feed authors have no e-mail field; the spec allows a `mailto:` URL when there is no site. */
function jsonFeedAuthorOf(author: Author): JsonFeedAuthor {
  const url = author.url ?? (author.email ? `mailto:${author.email}` : undefined);
  return { name: text(author.name), url: optionalText(url) };
}
