import * as z from '../../validation/zod-mini.ts';
import type { ParsedAttachment, ParsedAuthor, ParsedFeed, ParsedImage, ParsedItem } from './parsed-feed.ts';
import { attachmentOf, mergedAttachments } from './feed-attachments.ts';
import { FeedParseError } from './parse-error.ts';
import { describeSchemaError } from '../../validation/field-problems.ts';

/** Strings where the spec says strings; anything else there is treated as absent, not fatal. */
const text = z.catch(z.optional(z.string().check(z.trim(), z.minLength(1))), undefined);

const AuthorSchema = z.catch(z.object({ name: text, url: text, avatar: text }), { name: undefined, url: undefined, avatar: undefined });

const AttachmentSchema = z.object({
  url: z.string(),
  mime_type: z.string(),
  title: text,
  size_in_bytes: z.catch(z.optional(z.int().check(z.nonnegative())), undefined),
  duration_in_seconds: z.catch(z.optional(z.number().check(z.nonnegative())), undefined),
});

/** JSON Feed 1.0 and 1.1 items (https://jsonfeed.org/version/1.1); ids may be numbers in the wild. */
const ItemSchema = z.object({
  id: z.catch(z.optional(z.pipe(z.union([z.string(), z.number()]), z.transform(String))), undefined),
  url: text,
  external_url: text,
  title: text,
  content_html: z.catch(z.optional(z.string()), undefined),
  content_text: z.catch(z.optional(z.string()), undefined),
  summary: text,
  image: text,
  banner_image: text,
  date_published: text,
  date_modified: text,
  author: z.optional(AuthorSchema),
  authors: z.catch(z.optional(z.array(AuthorSchema)), undefined),
  tags: z.catch(z.optional(z.array(z.string())), undefined),
  language: text,
  attachments: z.catch(z.optional(z.array(z.catch(z.nullable(AttachmentSchema), null))), undefined),
});

/** The spec's version URL; some publishers write just its number, which readers accept. */
const VERSION_URL = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?$/;
const BARE_VERSION = /^1\.[01]$/;

const FeedSchema = z.object({
  version: z.string().check(z.refine((version) => VERSION_URL.test(version) || BARE_VERSION.test(version), 'is not a JSON Feed version URL')),
  title: text,
  home_page_url: text,
  feed_url: text,
  language: text,
  /** WebSub endpoints (JSON Feed 1.1 `hubs`); entries of other types are ignored. */
  hubs: z.catch(z.optional(z.array(z.catch(z.nullable(z.object({ type: z.string(), url: z.string().check(z.trim(), z.minLength(1)) })), null))), undefined),
  author: z.optional(AuthorSchema),
  authors: z.catch(z.optional(z.array(AuthorSchema)), undefined),
  items: z.array(z.unknown()),
});

type JsonItem = z.output<typeof ItemSchema>;

/**
 * JSON Feed, parsed natively and validated with zod. The top level must be a JSON Feed; each item
 * is validated on its own, so one malformed item is counted and skipped, not fatal to the rest.
 */
export function parseJsonFeed(json: string): ParsedFeed {
  let document: unknown;
  try {
    document = JSON.parse(json.replace(/^[\uFEFF\s]+/, ''));
  } catch (error) {
    throw new FeedParseError(`JSON parse error: ${(error as Error).message}`, undefined, undefined, error);
  }
  const feed = FeedSchema.safeParse(document);
  if (!feed.success) throw new FeedParseError(`not a JSON Feed: ${describeSchemaError(feed.error)}`);
  const items: ParsedItem[] = [];
  let malformedItems = 0;
  for (const raw of feed.data.items) {
    const item = ItemSchema.safeParse(raw);
    if (item.success) items.push(itemOf(item.data));
    else malformedItems += 1;
  }
  const author = authorsOf(feed.data.authors, feed.data.author)[0];
  return {
    format: 'json',
    ...(feed.data.title ? { title: feed.data.title } : {}),
    ...(feed.data.home_page_url ? { homeUrl: feed.data.home_page_url } : {}),
    ...(feed.data.language ? { language: feed.data.language } : {}),
    hubUrls: (feed.data.hubs ?? []).flatMap((hub) => (hub && hub.type.trim().toLowerCase() === 'websub' ? [hub.url] : [])),
    ...(feed.data.feed_url ? { selfUrl: feed.data.feed_url } : {}),
    ...(author ? { author } : {}),
    items,
    malformedItems,
    warnings: BARE_VERSION.test(feed.data.version) ? [`JSON Feed version "${feed.data.version}" is not the version URL; read as JSON Feed ${feed.data.version}`] : [],
  };
}

function itemOf(item: JsonItem): ParsedItem {
  const link = item.url ?? item.external_url;
  return {
    ...(item.id !== undefined && item.id.trim() !== '' ? { guid: item.id } : {}),
    ...(link ? { link } : {}),
    ...(item.title ? { title: item.title } : {}),
    ...(item.content_html ? { contentHtml: item.content_html } : {}),
    ...(item.content_text ? { contentText: item.content_text } : {}),
    ...(item.summary ? { summary: item.summary } : {}),
    summaryIsHtml: false,
    ...(item.date_published ? { published: item.date_published } : {}),
    ...(item.date_modified ? { updated: item.date_modified } : {}),
    authors: authorsOf(item.authors, item.author),
    categories: (item.tags ?? []).map((tag) => tag.trim()).filter((tag) => tag !== ''),
    images: imagesOf(item),
    attachments: attachmentsOf(item),
    ...(item.language ? { language: item.language } : {}),
  };
}

/** 1.1 has `authors`; 1.0 had a single `author`. */
function authorsOf(authors: JsonItem['authors'], author: JsonItem['author']): ParsedAuthor[] {
  return [...(authors ?? []), ...(author ? [author] : [])].flatMap((entry) =>
    entry.name ? [{ name: entry.name, ...(entry.url ? { url: entry.url } : {}) }] : [],
  );
}

/** The audio and video attachments; images among them are image candidates instead. */
function attachmentsOf(item: JsonItem): ParsedAttachment[] {
  return mergedAttachments(
    (item.attachments ?? []).flatMap((attachment) =>
      attachment
        ? (attachmentOf({ url: attachment.url, type: attachment.mime_type, length: attachment.size_in_bytes, duration: attachment.duration_in_seconds, title: attachment.title }) ?? [])
        : [],
    ),
  );
}

function imagesOf(item: JsonItem): ParsedImage[] {
  const attachments = (item.attachments ?? []).flatMap((attachment) =>
    attachment && attachment.mime_type.startsWith('image/')
      ? [{ url: attachment.url, type: attachment.mime_type, ...(attachment.size_in_bytes === undefined ? {} : { length: attachment.size_in_bytes }) }]
      : [],
  );
  const declared = [item.image, item.banner_image].flatMap((url) => (url ? [{ url }] : []));
  return [...declared, ...attachments];
}
