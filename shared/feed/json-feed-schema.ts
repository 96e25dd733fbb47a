import * as z from '../validation/zod-mini.ts';

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as far as we write it: the renderer builds
 * this shape and the checker parses rendered text against it, so both agree on one definition.
 * Only MUST-level rules are enforced; optional fields are typed but may be absent.
 */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

const rfc3339 = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 date-time' });

/** Built once and shared: each schema built is import time in the stream function. */
const optionalUrl = z.optional(z.url());
const optionalString = z.optional(z.string());

const JsonFeedAuthorSchema = z
  .object({
    name: optionalString,
    url: optionalUrl,
    avatar: optionalUrl,
  })
  .check(
    z.refine((author) => author.name !== undefined || author.url !== undefined || author.avatar !== undefined, {
      message: 'an author needs at least one of name, url, avatar',
    }),
  );

const JsonFeedAttachmentSchema = z.object({
  url: z.url(),
  mime_type: z.string().check(z.regex(/^[^/\s]+\/[^/\s]+$/, 'must be a MIME type')),
  title: optionalString,
  size_in_bytes: z.optional(z.number().check(z.nonnegative())),
  duration_in_seconds: z.optional(z.number().check(z.nonnegative())),
});

const JsonFeedItemSchema = z
  .object({
    id: z.string().check(z.minLength(1, 'must not be empty')),
    url: optionalUrl,
    title: optionalString,
    content_html: optionalString,
    content_text: optionalString,
    summary: optionalString,
    image: optionalUrl,
    date_published: z.optional(rfc3339),
    date_modified: z.optional(rfc3339),
    authors: z.optional(z.array(JsonFeedAuthorSchema)),
    tags: z.optional(z.array(z.string())),
    language: optionalString,
    attachments: z.optional(z.array(JsonFeedAttachmentSchema)),
  })
  .check(
    z.refine((item) => item.content_html !== undefined || item.content_text !== undefined, {
      message: 'an item needs content_html or content_text',
    }),
  );

export const JsonFeedSchema = z.object({
  version: z.literal(JSON_FEED_VERSION),
  title: z.string().check(z.minLength(1, 'must not be empty')),
  home_page_url: optionalUrl,
  feed_url: optionalUrl,
  description: optionalString,
  /** Older items, RFC 5005 style: the newest archive page, or the next older one. */
  next_url: optionalUrl,
  language: optionalString,
  hubs: z.optional(z.array(z.object({ type: z.string().check(z.minLength(1)), url: z.url() }))),
  authors: z.optional(z.array(JsonFeedAuthorSchema)),
  items: z.array(JsonFeedItemSchema).check(z.refine(hasUniqueIds, 'item ids must be unique within a feed')),
});

function hasUniqueIds(items: { id: string }[]): boolean {
  return new Set(items.map((item) => item.id)).size === items.length;
}

export type JsonFeed = z.input<typeof JsonFeedSchema>;
export type JsonFeedItem = z.input<typeof JsonFeedItemSchema>;
export type JsonFeedAuthor = z.input<typeof JsonFeedAuthorSchema>;
export type JsonFeedAttachment = z.input<typeof JsonFeedAttachmentSchema>;
