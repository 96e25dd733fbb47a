import * as z from '../validation/zod-mini.ts';
import { cleanXmlText } from './xml-text.ts';
import { resolveRelativeLinks } from './absolute-links.ts';
import { canonicalImageType, imageTypeOfUrl } from './image-type.ts';
import { canonicalMediaType, mediaTypesOfUrl } from './media-type.ts';
import { PublicationIdSchema } from '../publication/publication-settings.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';

/**
 * Size limits keep a post (and its feed-membership copies) well under DynamoDB's 400 KB item
 * limit, measured in UTF-8 bytes because that is what DynamoDB counts.
 */
export const POST_LIMITS = {
  idLength: 128,
  titleLength: 500,
  summaryLength: 4_000,
  contentBytes: 300_000,
  authors: 20,
  topics: 30,
  textFieldLength: 1_000,
  urlLength: 2_048,
  attachments: 10,
  totalBytes: 350_000,
} as const;

/**
 * Shared parts are built once: schemas are immutable, and each one built is import time in every
 * function that reads posts.
 */
const xmlCleanString = z.pipe(z.string(), z.transform(cleanXmlText));
const nonEmptyString = z.string().check(z.minLength(1, 'must not be empty'));

function cleanText(max: number) {
  return z.pipe(xmlCleanString, z.string().check(z.trim(), z.maxLength(max, `must be at most ${max} characters`)));
}

function requiredText(max: number) {
  return z.pipe(cleanText(max), nonEmptyString);
}

const textField = cleanText(POST_LIMITS.textFieldLength);
const label = requiredText(120);

const httpUrl = z
  .string()
  .check(
    z.maxLength(POST_LIMITS.urlLength, `must be at most ${POST_LIMITS.urlLength} characters`),
    z.refine(isHttpUrl, 'must be an absolute http(s) URL'),
  );

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** RFC 3339 with a time zone; stored normalised to UTC so that sort keys order correctly. */
const rfc3339 = z.pipe(
  z
    .string()
    .check(
      z.regex(
        /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/,
        'must be an RFC 3339 date-time with a time zone, e.g. 2026-11-25T09:30:00Z',
      ),
      z.refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date'),
    ),
  z.transform((value: string) => new Date(value).toISOString()),
);

/** A slug that names a folder of the bucket (a topic, a show, a partner): safe in URLs and S3 keys as it is. */
function slugSchema(maxLength: number) {
  return z
    .string()
    .check(
      z.maxLength(maxLength, `must be at most ${maxLength} characters`),
      z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens'),
    );
}

/** Bytes of a linked file; 0, the old RSS idiom for "unknown", is read as unknown. */
const fileLength = z.pipe(
  z.optional(z.int().check(z.nonnegative())),
  z.transform((length: number | undefined) => (length === 0 ? undefined : length)),
);

export const AuthorSchema = z.object({
  name: requiredText(200),
  url: z.optional(httpUrl),
  email: z.optional(z.email('must be an e-mail address').check(z.maxLength(254))),
});

export const TopicSchema = z.object({
  slug: slugSchema(64),
  label,
});

export const ImageSchema = z
  .pipe(
    z.object({
      url: httpUrl,
      type: z.pipe(
        z.pipe(z.string(), z.transform(canonicalImageType)),
        z.string().check(z.regex(/^image\/[a-z0-9.+-]+$/, 'must be an image MIME type such as image/jpeg')),
      ),
      length: fileLength,
      width: z.optional(z.int().check(z.positive())),
      height: z.optional(z.int().check(z.positive())),
      caption: z.optional(textField),
      credit: z.optional(textField),
    }),
    z.transform(withoutUnknownLength),
  )
  .check(
    z.superRefine((image, context) => {
      const expected = imageTypeOfUrl(image.url);
      if (expected === undefined || expected === image.type) return;
      context.addIssue({
        code: 'custom',
        path: ['type'],
        message: `${image.type} does not match the URL's file extension: expected ${expected}`,
      });
    }),
  );

/**
 * An audio or video file of the post (a JSON Feed 1.1 attachment, in the post's naming): the
 * first is the RSS enclosure podcast apps play; every one is a Media RSS `media:content`, an Atom
 * enclosure link and a JSON Feed attachment. Images belong in `image`.
 */
export const AttachmentSchema = z
  .pipe(
    z.object({
      url: httpUrl,
      type: z.pipe(
        z.pipe(z.string(), z.transform(canonicalMediaType)),
        z.string().check(z.regex(/^(audio|video)\/[a-z0-9.+-]+$/, 'must be an audio or video MIME type such as audio/mpeg')),
      ),
      length: fileLength,
      /** Whole seconds: what `itunes:duration` and Media RSS `duration` carry. */
      durationSeconds: z.optional(z.number().check(z.int('must be whole seconds'), z.positive('must be a positive number of seconds'))),
      title: z.optional(requiredText(POST_LIMITS.textFieldLength)),
    }),
    z.transform(withoutUnknownLength),
  )
  .check(
    z.superRefine((attachment, context) => {
      const allowed = mediaTypesOfUrl(attachment.url);
      if (allowed === undefined || allowed.includes(attachment.type)) return;
      context.addIssue({
        code: 'custom',
        path: ['type'],
        message: `${attachment.type} does not match the URL's file extension: expected ${allowed.join(' or ')}`,
      });
    }),
  );

/** Transcript formats the Podcasting 2.0 `podcast:transcript` tag names. */
export const TRANSCRIPT_TYPES = ['text/vtt', 'application/x-subrip', 'application/srt', 'text/html', 'text/plain', 'application/json'] as const;

export const TranscriptSchema = z.object({
  url: httpUrl,
  type: z.enum(TRANSCRIPT_TYPES, { error: `must be one of ${TRANSCRIPT_TYPES.join(', ')}` }),
});

/** Podcasting 2.0 JSON chapters (`application/json+chapters`): the only chapters format apps read. */
export const ChaptersSchema = z.object({ url: httpUrl });

/** The folder of a show's podcast feed, `feeds/shows/<id>/`, and its key in the network settings. */
export const ShowIdSchema = slugSchema(48);

/** Makes the post an episode of a podcast show of its publication; its feed lists it once it has audio or video. */
export const EpisodeSchema = z.object({
  show: ShowIdSchema,
  number: z.optional(z.int().check(z.positive())),
  season: z.optional(z.int().check(z.positive())),
  type: z.optional(z.enum(['full', 'trailer', 'bonus'])),
});

/** Leaves `length` out rather than `undefined`, which DynamoDB marshalling would reject. */
function withoutUnknownLength<T extends { length?: number | undefined }>(image: T): Omit<T, 'length'> & { length?: number } {
  const { length, ...rest } = image;
  return length === undefined ? rest : { ...rest, length };
}

/** A subscription id: the folder of its republished feed, `feeds/sources/<id>/`. */
export const SubscriptionIdSchema = slugSchema(48);

/**
 * Where an ingested post came from: set by the poller, absent on posts written by the CMS or CLI.
 * `categories` are the partner's own labels, kept as feed categories (not topics: a partner must
 * not be able to create topic feeds on our site).
 */
export const PostSourceSchema = z.object({
  subscriptionId: SubscriptionIdSchema,
  /** The feed URL the item was fetched from. */
  feedUrl: httpUrl,
  /** The item's own link as the feed gave it, resolved against the feed's base URL. */
  originalUrl: z.optional(httpUrl),
  /** The source feed's title, for the title of `feeds/sources/<id>/`. */
  title: z.optional(textField),
  /** The partner's own site (the feed's home link), where `feeds/sources/<id>/` links as its alternate. */
  siteUrl: z.optional(httpUrl),
  categories: z._default(z.array(label).check(z.maxLength(POST_LIMITS.topics)), []),
});

const PostObjectSchema = z.object({
  id: z
    .string()
    .check(
      z.minLength(1, 'must not be empty'),
      z.maxLength(POST_LIMITS.idLength, `must be at most ${POST_LIMITS.idLength} characters`),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be URL-safe: letters, digits, "-" and "_"'),
    ),
  title: requiredText(POST_LIMITS.titleLength),
  summary: z._default(cleanText(POST_LIMITS.summaryLength), ''),
  contentHtml: z
    .pipe(z.string(), z.transform(cleanXmlText))
    .check(
      z.refine(
        (html) => Buffer.byteLength(html, 'utf8') <= POST_LIMITS.contentBytes,
        `must be at most ${POST_LIMITS.contentBytes} bytes of UTF-8`,
      ),
    ),
  url: httpUrl,
  authors: z
    .array(AuthorSchema)
    .check(
      z.minLength(1, 'must name at least one author'),
      z.maxLength(POST_LIMITS.authors, `must have at most ${POST_LIMITS.authors} authors`),
    ),
  topics: z._default(
    z
      .array(TopicSchema)
      .check(
        z.maxLength(POST_LIMITS.topics, `must have at most ${POST_LIMITS.topics} topics`),
        z.refine(hasUniqueSlugs, 'must not repeat a topic slug'),
      ),
    [],
  ),
  image: z.optional(ImageSchema),
  attachments: z.optional(
    z
      .array(AttachmentSchema)
      .check(
        z.maxLength(POST_LIMITS.attachments, `must have at most ${POST_LIMITS.attachments} attachments`),
        z.refine(hasUniqueUrls, 'must not repeat an attachment URL'),
      ),
  ),
  transcript: z.optional(TranscriptSchema),
  chapters: z.optional(ChaptersSchema),
  episode: z.optional(EpisodeSchema),
  publishedAt: rfc3339,
  updatedAt: z.optional(rfc3339),
  language: z._default(
    z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, ru or kk-KZ')),
    'en',
  ),
  status: z._default(z.enum(['published', 'draft']), 'published'),
  source: z.optional(PostSourceSchema),
  /**
   * The publication the post belongs to. Absent means the default publication, and stays absent
   * (no default filled in) so a default post's stored item and content hash are unchanged.
   */
  publication: z.optional(PublicationIdSchema),
});

function hasUniqueUrls(attachments: { url: string }[]): boolean {
  return new Set(attachments.map((attachment) => attachment.url)).size === attachments.length;
}

/** The publication a post belongs to: its `publication` field, or the default publication. */
export function publicationOfPost(post: { publication?: PublicationId | undefined }): PublicationId {
  return post.publication ?? DEFAULT_PUBLICATION_ID;
}

function hasUniqueSlugs(topics: { slug: string }[]): boolean {
  return new Set(topics.map((topic) => topic.slug)).size === topics.length;
}

/** A single `author` object is accepted as a shorthand for `authors: [author]`. */
function liftSingleAuthor(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  if (record.author === undefined || record.authors !== undefined) return input;
  const { author, ...rest } = record;
  return { ...rest, authors: [author] };
}

export const PostSchema = z.pipe(
  z.transform(liftSingleAuthor),
  z
    .pipe(
      PostObjectSchema,
      z.transform((post: z.output<typeof PostObjectSchema>) => ({
        ...post,
        updatedAt: post.updatedAt ?? post.publishedAt,
        contentHtml: resolveRelativeLinks(post.contentHtml, post.url),
      })),
    )
    .check(
      z.refine((post) => post.updatedAt >= post.publishedAt, {
        message: 'must not be earlier than publishedAt',
        path: ['updatedAt'],
      }),
      z.refine((post) => post.episode === undefined || (post.attachments?.length ?? 0) > 0, {
        message: 'an episode needs an audio or video attachment',
        path: ['attachments'],
      }),
      z.refine((post) => Buffer.byteLength(JSON.stringify(post), 'utf8') <= POST_LIMITS.totalBytes, {
        message: `the whole post must be at most ${POST_LIMITS.totalBytes} bytes of UTF-8`,
        path: [],
      }),
    ),
);

export type Post = z.output<typeof PostSchema>;
export type PostInput = z.input<typeof PostObjectSchema>;
export type Author = z.output<typeof AuthorSchema>;
export type Topic = z.output<typeof TopicSchema>;
export type PostImage = z.output<typeof ImageSchema>;
export type PostSource = z.output<typeof PostSourceSchema>;
export type PostAttachment = z.output<typeof AttachmentSchema>;
export type PostTranscript = z.output<typeof TranscriptSchema>;
export type PostChapters = z.output<typeof ChaptersSchema>;
export type PostEpisode = z.output<typeof EpisodeSchema>;
