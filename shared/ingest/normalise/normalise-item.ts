import * as z from '../../validation/zod-mini.ts';
import { POST_LIMITS, type Post, type Topic } from '../../post/post-schema.ts';
import { canonicalImageType, imageTypeOfUrl } from '../../post/image-type.ts';
import { escapeText } from '../../post/html-escape.ts';
import { parsePost } from '../../post/post-validation.ts';
import { plainTextExcerpt } from '../../feed/plain-text-excerpt.ts';
import type { ParsedAuthor, ParsedFeed, ParsedImage, ParsedItem } from '../parse/parsed-feed.ts';
import { htmlToText } from '../sanitise/html-to-text.ts';
import { resolveUrl } from '../sanitise/resolve-url.ts';
import { sanitiseHtml } from '../sanitise/sanitise-html.ts';
import { parseFeedDate } from './feed-date.ts';
import { itemMediaOf } from './item-media.ts';
import { isDefaultPublication, type PublicationId } from '../../publication/publication-keys.ts';

/** What the normaliser knows about the subscription an item came from. */
export interface ItemSource {
  subscriptionId: string;
  /** The subscription's stored feed URL (what `source.feedUrl` records). */
  feedUrl: string;
  /** Where the document was actually fetched from, after redirects: the base for relative links. */
  documentUrl: string;
  title?: string;
  topics: Topic[];
  /** The subscription's publication (absent: the default one): its items are posts of it. */
  publication?: PublicationId;
}

export interface NormaliseContext {
  source: ItemSource;
  feed: ParsedFeed;
  postId: string;
  /** When this poll fetched the feed: the first-seen date of an undated new item. */
  fetchedAt: string;
  /** The stored post's publishedAt, if the item was seen before: its stable fallback date. */
  knownPublishedAt?: string;
  /** How far ahead of `fetchedAt` a date may be before it counts as bogus. */
  maxFutureMs?: number;
}

/** Why an item made no post: too big to read at all, or not valid once read. */
export type ItemRejectionKind = 'too-large' | 'invalid';

export type NormaliseResult = { ok: true; post: Post } | { ok: false; postId: string; kind: ItemRejectionKind; reason: string };

/**
 * Characters of text and markup (title, summary, body) an item may hold; more is rejected
 * unread. Over three times the post's byte limit leaves room for markup that sanitising strips,
 * and it bounds how long one item holds the event loop: sanitising is linear, but synchronous.
 */
export const MAX_ITEM_CHARACTERS = 1_000_000;

const DEFAULT_MAX_FUTURE_MS = 10 * 60_000;
const UNTITLED_LENGTH = 100;
const email = z.email();

/**
 * One parsed item into a valid post: stable id (given), absolute links, UTC dates with a stable
 * fallback, authors, the partner's categories, a lead image, and sanitised HTML. Whatever the
 * partner sent, the result is either a post that passes `PostSchema` or a reason it could not be.
 */
export function normaliseItem(item: ParsedItem, context: NormaliseContext): NormaliseResult {
  const size = characterCount(item);
  if (size > MAX_ITEM_CHARACTERS) {
    return { ok: false, postId: context.postId, kind: 'too-large', reason: `the item holds ${size} characters of text and markup; at most ${MAX_ITEM_CHARACTERS} are read` };
  }
  const { source, feed } = context;
  const link = httpUrl(item.link, source.documentUrl);
  const siteUrl = httpUrl(feed.homeUrl, source.documentUrl);
  const base = link ?? source.documentUrl;
  const contentHtml = boundedHtml(bodyHtml(item), base);
  const dates = datesOf(item, context);
  const result = parsePost({
    id: context.postId,
    title: titleOf(item, contentHtml),
    summary: summaryOf(item),
    contentHtml,
    url: link ?? siteUrl ?? source.feedUrl,
    authors: authorsOf(item, feed, source),
    topics: source.topics,
    ...imageOf(item.images, base),
    ...itemMediaOf(item, (value) => httpUrl(value, base)),
    ...dates,
    language: languageOf(item.language ?? feed.language),
    status: 'published',
    source: {
      subscriptionId: source.subscriptionId,
      feedUrl: source.feedUrl,
      ...(link ? { originalUrl: link } : {}),
      ...textField('title', feed.title ? htmlToText(feed.title) : source.title, POST_LIMITS.textFieldLength),
      ...(siteUrl ? { siteUrl } : {}),
      categories: categoriesOf(item.categories),
    },
    ...publicationField(source.publication),
  });
  if (result.ok) return { ok: true, post: result.post };
  return { ok: false, postId: context.postId, kind: 'invalid', reason: result.error.message };
}

/**
 * Left absent for the default publication (absent means default), so the content hash of every
 * item ingested before publications is unchanged and an upgrade rewrites none of them.
 */
function publicationField(publication: PublicationId | undefined): { publication?: PublicationId } {
  return publication === undefined || isDefaultPublication(publication) ? {} : { publication };
}

function characterCount(item: ParsedItem): number {
  return (item.title?.length ?? 0) + (item.summary?.length ?? 0) + (item.contentHtml?.length ?? 0) + (item.contentText?.length ?? 0);
}

function bodyHtml(item: ParsedItem): string {
  if (item.contentHtml) return item.contentHtml;
  if (item.summary) return item.summaryIsHtml ? item.summary : textToHtml(item.summary);
  if (item.contentText) return textToHtml(item.contentText);
  return '';
}

/** Plain text as HTML paragraphs, escaped. */
function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeText(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * Sanitised, and cut to the post's byte limit if a partner sends a book: cutting the source
 * and sanitising again closes whatever element the cut left open.
 */
function boundedHtml(html: string, baseUrl: string): string {
  let clean = sanitiseHtml(html, baseUrl);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const bytes = Buffer.byteLength(clean, 'utf8');
    if (bytes <= POST_LIMITS.contentBytes) return clean;
    clean = sanitiseHtml(clean.slice(0, Math.floor((clean.length * POST_LIMITS.contentBytes * 0.9) / bytes)), baseUrl);
  }
  return '';
}

function titleOf(item: ParsedItem, contentHtml: string): string {
  const title = item.title ? htmlToText(item.title) : '';
  if (title !== '') return truncate(title, POST_LIMITS.titleLength);
  const excerpt = plainTextExcerpt(contentHtml, UNTITLED_LENGTH);
  return excerpt === '' ? '(untitled)' : excerpt;
}

/** A separate summary only when the item has both a body and a summary. */
function summaryOf(item: ParsedItem): string {
  if (!item.summary || !(item.contentHtml || item.contentText)) return '';
  const text = item.summaryIsHtml ? htmlToText(item.summary) : item.summary.replace(/\s+/g, ' ').trim();
  return truncate(text, POST_LIMITS.summaryLength);
}

/**
 * Published: the item's date, else its updated date, else (missing, unparseable or in the
 * future) the date we first saw it. That fallback must be the same on every poll, or an undated
 * item would change, and be rewritten, every time: so a known item keeps its stored date.
 */
function datesOf(item: ParsedItem, context: NormaliseContext): { publishedAt: string; updatedAt: string } {
  const limit = Date.parse(context.fetchedAt) + (context.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS);
  const plausible = (value: string | undefined) => {
    const parsed = parseFeedDate(value);
    return parsed !== undefined && Date.parse(parsed) <= limit ? parsed : undefined;
  };
  const published = plausible(item.published) ?? plausible(item.updated) ?? context.knownPublishedAt ?? context.fetchedAt;
  const updated = plausible(item.updated);
  return { publishedAt: published, updatedAt: updated !== undefined && updated > published ? updated : published };
}

function authorsOf(item: ParsedItem, feed: ParsedFeed, source: ItemSource): { name: string; url?: string; email?: string }[] {
  const named = [...item.authors, ...(item.authors.length === 0 && feed.author ? [feed.author] : [])].flatMap((author) => authorOf(author, source.documentUrl));
  if (named.length > 0) return named.slice(0, POST_LIMITS.authors);
  const fallback = (feed.title ? htmlToText(feed.title) : undefined) || source.title || new URL(source.feedUrl).hostname;
  return [{ name: truncate(fallback, 200) }];
}

/** RSS `author` is "email (Name)" by the spec; people also write just a name or just an address. */
function authorOf(author: ParsedAuthor, baseUrl: string): { name: string; url?: string; email?: string }[] {
  const raw = author.name ? htmlToText(author.name) : '';
  const rfc822 = /^\s*([^\s()]+@[^\s()]+)\s*\(([^)]+)\)\s*$/.exec(raw);
  const name = (rfc822?.[2] ?? raw).trim();
  const address = author.email ?? rfc822?.[1] ?? (email.safeParse(raw).success ? raw : undefined);
  const displayName = name !== '' && !(address && name === address) ? name : address;
  if (!displayName) return [];
  const url = httpUrl(author.url, baseUrl);
  return [
    {
      name: truncate(displayName, 200),
      ...(url ? { url } : {}),
      ...(address && email.safeParse(address).success ? { email: address } : {}),
    },
  ];
}

/** The first candidate that is an http(s) image with a known type. */
function imageOf(images: ParsedImage[], baseUrl: string): { image?: { url: string; type: string; length?: number; width?: number; height?: number } } {
  for (const candidate of images) {
    const url = httpUrl(candidate.url, baseUrl);
    if (!url) continue;
    // The file's extension says what the server sends; partners often declare `image/jpg` or a
    // stale type, which our post schema (and readers) would reject.
    const type = imageTypeOfUrl(url) ?? (candidate.type === undefined ? undefined : canonicalImageType(candidate.type));
    if (!type || !/^image\/[a-z0-9.+-]+$/.test(type)) continue;
    const { length, width, height } = candidate;
    return { image: { url, type, ...(length === undefined ? {} : { length }), ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }) } };
  }
  return {};
}

/** `ru-RU`, `en_US`, `EN` all become valid tags; anything else falls back to the default. */
function languageOf(language: string | undefined): string {
  const tag = language?.trim().replace(/_/g, '-');
  if (!tag) return 'en';
  const [primary = '', ...rest] = tag.split('-');
  const normalised = [primary.toLowerCase(), ...rest].join('-');
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(normalised) ? normalised : 'en';
}

function categoriesOf(categories: string[]): string[] {
  const labels = categories.map((category) => truncate(htmlToText(category), 120)).filter((label) => label !== '');
  return [...new Set(labels)].slice(0, POST_LIMITS.topics);
}

function httpUrl(value: string | undefined, baseUrl: string): string | undefined {
  if (!value) return undefined;
  const resolved = resolveUrl(value, baseUrl);
  if (!resolved || !/^https?:/.test(resolved) || resolved.length > POST_LIMITS.urlLength) return undefined;
  return resolved;
}

function textField<K extends string>(key: K, value: string | undefined, max: number): Partial<Record<K, string>> {
  const text = value?.trim();
  return text ? ({ [key]: truncate(text, max) } as Record<K, string>) : {};
}

/** Counts code points so a cut never splits a character. */
function truncate(text: string, max: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= max ? text : `${codePoints.slice(0, max - 1).join('')}…`;
}
