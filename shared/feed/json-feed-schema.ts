import * as z from 'zod';

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as far as we write it: the renderer builds
 * this shape and the checker parses rendered text against it, so both agree on one definition.
 * Only MUST-level rules are enforced; optional fields are typed but may be absent.
 */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

const rfc3339 = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 date-time' });

const JsonFeedAuthorSchema = z
  .object({
    name: z.string().optional(),
    url: z.url().optional(),
    avatar: z.url().optional(),
  })
  .refine((author) => author.name !== undefined || author.url !== undefined || author.avatar !== undefined, {
    message: 'an author needs at least one of name, url, avatar',
  });

const JsonFeedAttachmentSchema = z.object({
  url: z.url(),
  mime_type: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be a MIME type'),
  title: z.string().optional(),
  size_in_bytes: z.number().nonnegative().optional(),
  duration_in_seconds: z.number().nonnegative().optional(),
});

const JsonFeedItemSchema = z
  .object({
    id: z.string().min(1, 'must not be empty'),
    url: z.url().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: z.url().optional(),
    date_published: rfc3339.optional(),
    date_modified: rfc3339.optional(),
    authors: z.array(JsonFeedAuthorSchema).optional(),
    tags: z.array(z.string()).optional(),
    language: z.string().optional(),
    attachments: z.array(JsonFeedAttachmentSchema).optional(),
  })
  .refine((item) => item.content_html !== undefined || item.content_text !== undefined, {
    message: 'an item needs content_html or content_text',
  });

export const JsonFeedSchema = z.object({
  version: z.literal(JSON_FEED_VERSION),
  title: z.string().min(1, 'must not be empty'),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  /** Older items, RFC 5005 style: the newest archive page, or the next older one. */
  next_url: z.url().optional(),
  language: z.string().optional(),
  hubs: z.array(z.object({ type: z.string().min(1), url: z.url() })).optional(),
  authors: z.array(JsonFeedAuthorSchema).optional(),
  items: z.array(JsonFeedItemSchema).refine(hasUniqueIds, 'item ids must be unique within a feed'),
});

function hasUniqueIds(items: { id: string }[]): boolean {
  return new Set(items.map((item) => item.id)).size === items.length;
}

export type JsonFeed = z.input<typeof JsonFeedSchema>;
export type JsonFeedItem = z.input<typeof JsonFeedItemSchema>;
export type JsonFeedAuthor = z.input<typeof JsonFeedAuthorSchema>;
export type JsonFeedAttachment = z.input<typeof JsonFeedAttachmentSchema>;
