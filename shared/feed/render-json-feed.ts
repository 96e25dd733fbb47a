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
import { JSON_FEED_VERSION, type JsonFeed, type JsonFeedAttachment, type JsonFeedAuthor, type JsonFeedItem } from './json-feed-schema.ts';

const INDENT = 2;

/** How a string goes into the feed: as it is, or cleaned of what XML forbids. */
type TextOf = (value: string) => string;

const asWritten: TextOf = (value) => value;

/**
 * What `cleanXmlText` removes, as it looks in `JSON.stringify` output. DEL, the C1 controls and
 * U+FFFE/U+FFFF are written raw; the other C0 controls and lone surrogates only as escapes
 * (`\b`, `\f`, `\u0001`, `\ud83d`), since a tab, line feed or carriage return is written `\t`,
 * `\n`, `\r` and a surrogate pair raw. A literal backslash before `u`, `b` or `f` in the text
 * (written `\\u`) matches too: that only costs the cleaning pass, whose result is the same.
 * Two scans rather than one alternation: the alternation tried both branches at every character
 * of the output, and took a fifth of the render.
 */
const UNCLEAN_CHARACTERS_IN_JSON = /[\u007F-\u009F\uFFFE\uFFFF]/;
const UNCLEAN_ESCAPES_IN_JSON = /\\[ubf]/;

function isUnclean(written: string): boolean {
  return UNCLEAN_ESCAPES_IN_JSON.test(written) || UNCLEAN_CHARACTERS_IN_JSON.test(written);
}

/**
 * The document as JSON Feed 1.1, indented by two spaces, ending with a newline.
 *
 * The same text cleaning as the XML formats: JSON could carry U+0001 escaped, but no reader
 * wants it, and a feed should say the same thing in every format. Posts are cleaned when they are
 * validated, so text almost never needs it; one scan of the output finds out, and only then is
 * the feed written again with every string cleaned. Cleaning each string as it was put in cost
 * more than stringifying (every body with an emoji took the slower look for lone surrogates).
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const written = stringified(jsonFeedOf(doc, asWritten));
  return isUnclean(written) ? stringified(jsonFeedOf(doc, cleanXmlText)) : written;
}

function stringified(feed: JsonFeed): string {
  return `${JSON.stringify(feed, undefined, INDENT)}\n`;
}

/** Fields set to `undefined` are left out by `JSON.stringify`, which keeps optional fields readable below. */
function optionalText(value: string | undefined, text: TextOf): string | undefined {
  return value === undefined ? undefined : text(value);
}

function jsonFeedOf(doc: FeedDocument, text: TextOf): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: text(doc.title),
    home_page_url: text(doc.homePageUrl),
    feed_url: text(doc.links.json),
    description: text(doc.description),
    next_url: optionalText(doc.paging?.prevArchive?.json, text),
    language: text(doc.language),
    hubs: doc.hubs.length > 0 ? doc.hubs.map((url) => ({ type: 'WebSub', url: text(url) })) : undefined,
    items: doc.items.map((item) => jsonFeedItemOf(item, text)),
  };
}

function jsonFeedItemOf(item: FeedItem, text: TextOf): JsonFeedItem {
  const { image } = item;
  return {
    id: text(item.id),
    url: text(item.url),
    title: text(item.title),
    content_html: text(item.contentHtml),
    summary: optionalText(itemSummary(item) || undefined, text),
    image: optionalText(image?.url, text),
    date_published: toRfc3339(item.publishedAt),
    date_modified: toRfc3339(item.updatedAt),
    authors: item.authors.map((author) => jsonFeedAuthorOf(author, text)),
    tags: item.categories.length > 0 ? item.categories.map((category) => text(category.label)) : undefined,
    language: text(item.language),
    attachments: attachmentsOf(item, text),
  };
}

/** The audio and video files first (what a podcast app plays), then the lead image as before. */
function attachmentsOf(item: FeedItem, text: TextOf): JsonFeedAttachment[] | undefined {
  const { image, attachments = [] } = item;
  const all: JsonFeedAttachment[] = attachments.map((attachment) => ({
    url: text(attachment.url),
    mime_type: text(attachment.type),
    title: optionalText(attachment.title, text),
    size_in_bytes: attachment.length,
    duration_in_seconds: attachment.durationSeconds,
  }));
  if (image) all.push({ url: text(image.url), mime_type: text(image.type), size_in_bytes: image.length });
  return all.length > 0 ? all : undefined;
}

/** JSON Feed authors have no e-mail field; the spec allows a `mailto:` URL when there is no site. */
function jsonFeedAuthorOf(author: Author, text: TextOf): JsonFeedAuthor {
  const url = author.url ?? (author.email ? `mailto:${author.email}` : undefined);
  return { name: text(author.name), url: optionalText(url, text) };
}
