import * as z from 'zod';
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

function cleanText(max: number) {
  return z
    .string()
    .transform(cleanXmlText)
    .pipe(z.string().trim().max(max, `must be at most ${max} characters`));
}

function requiredText(max: number) {
  return cleanText(max).pipe(z.string().min(1, 'must not be empty'));
}

const httpUrl = z
  .string()
  .max(POST_LIMITS.urlLength, `must be at most ${POST_LIMITS.urlLength} characters`)
  .refine(isHttpUrl, 'must be an absolute http(s) URL');

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** RFC 3339 with a time zone; stored normalised to UTC so that sort keys order correctly. */
const rfc3339 = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/,
    'must be an RFC 3339 date-time with a time zone, e.g. 2026-11-25T09:30:00Z',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date')
  .transform((value) => new Date(value).toISOString());

/** A slug that names a folder of the bucket (a topic, a show, a partner): safe in URLs and S3 keys as it is. */
function slugSchema(maxLength: number) {
  return z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');
}

/** Bytes of a linked file; 0, the old RSS idiom for "unknown", is read as unknown. */
const fileLength = z
  .number()
  .int()
  .nonnegative()
  .optional()
  .transform((length) => (length === 0 ? undefined : length));

export const AuthorSchema = z.object({
  name: requiredText(200),
  url: httpUrl.optional(),
  email: z.email('must be an e-mail address').max(254).optional(),
});

export const TopicSchema = z.object({
  slug: slugSchema(64),
  label: requiredText(120),
});

export const ImageSchema = z
  .object({
    url: httpUrl,
    type: z
      .string()
      .transform(canonicalImageType)
      .pipe(z.string().regex(/^image\/[a-z0-9.+-]+$/, 'must be an image MIME type such as image/jpeg')),
    length: fileLength,
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    caption: cleanText(POST_LIMITS.textFieldLength).optional(),
    credit: cleanText(POST_LIMITS.textFieldLength).optional(),
  })
  .transform(withoutUnknownLength)
  .superRefine((image, context) => {
    const expected = imageTypeOfUrl(image.url);
    if (expected === undefined || expected === image.type) return;
    context.addIssue({
      code: 'custom',
      path: ['type'],
      message: `${image.type} does not match the URL's file extension: expected ${expected}`,
    });
  });

/**
 * An audio or video file of the post (a JSON Feed 1.1 attachment, in the post's naming): the
 * first is the RSS enclosure podcast apps play; every one is a Media RSS `media:content`, an Atom
 * enclosure link and a JSON Feed attachment. Images belong in `image`.
 */
export const AttachmentSchema = z
  .object({
    url: httpUrl,
    type: z
      .string()
      .transform(canonicalMediaType)
      .pipe(z.string().regex(/^(audio|video)\/[a-z0-9.+-]+$/, 'must be an audio or video MIME type such as audio/mpeg')),
    length: fileLength,
    /** Whole seconds: what `itunes:duration` and Media RSS `duration` carry. */
    durationSeconds: z.number().int('must be whole seconds').positive('must be a positive number of seconds').optional(),
    title: requiredText(POST_LIMITS.textFieldLength).optional(),
  })
  .transform(withoutUnknownLength)
  .superRefine((attachment, context) => {
    const allowed = mediaTypesOfUrl(attachment.url);
    if (allowed === undefined || allowed.includes(attachment.type)) return;
    context.addIssue({
      code: 'custom',
      path: ['type'],
      message: `${attachment.type} does not match the URL's file extension: expected ${allowed.join(' or ')}`,
    });
  });

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
  number: z.number().int().positive().optional(),
  season: z.number().int().positive().optional(),
  type: z.enum(['full', 'trailer', 'bonus']).optional(),
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
  originalUrl: httpUrl.optional(),
  /** The source feed's title, for the title of `feeds/sources/<id>/`. */
  title: cleanText(POST_LIMITS.textFieldLength).optional(),
  /** The partner's own site (the feed's home link), where `feeds/sources/<id>/` links as its alternate. */
  siteUrl: httpUrl.optional(),
  categories: z.array(requiredText(120)).max(POST_LIMITS.topics).default([]),
});

const PostObjectSchema = z.object({
  id: z
    .string()
    .min(1, 'must not be empty')
    .max(POST_LIMITS.idLength, `must be at most ${POST_LIMITS.idLength} characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be URL-safe: letters, digits, "-" and "_"'),
  title: requiredText(POST_LIMITS.titleLength),
  summary: cleanText(POST_LIMITS.summaryLength).default(''),
  contentHtml: z
    .string()
    .transform(cleanXmlText)
    .refine(
      (html) => Buffer.byteLength(html, 'utf8') <= POST_LIMITS.contentBytes,
      `must be at most ${POST_LIMITS.contentBytes} bytes of UTF-8`,
    ),
  url: httpUrl,
  authors: z
    .array(AuthorSchema)
    .min(1, 'must name at least one author')
    .max(POST_LIMITS.authors, `must have at most ${POST_LIMITS.authors} authors`),
  topics: z
    .array(TopicSchema)
    .max(POST_LIMITS.topics, `must have at most ${POST_LIMITS.topics} topics`)
    .refine(hasUniqueSlugs, 'must not repeat a topic slug')
    .default([]),
  image: ImageSchema.optional(),
  attachments: z
    .array(AttachmentSchema)
    .max(POST_LIMITS.attachments, `must have at most ${POST_LIMITS.attachments} attachments`)
    .refine(hasUniqueUrls, 'must not repeat an attachment URL')
    .optional(),
  transcript: TranscriptSchema.optional(),
  chapters: ChaptersSchema.optional(),
  episode: EpisodeSchema.optional(),
  publishedAt: rfc3339,
  updatedAt: rfc3339.optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, ru or kk-KZ')
    .default('en'),
  status: z.enum(['published', 'draft']).default('published'),
  source: PostSourceSchema.optional(),
  /**
   * The publication the post belongs to. Absent means the default publication, and stays absent
   * (no default filled in) so a default post's stored item and content hash are unchanged.
   */
  publication: PublicationIdSchema.optional(),
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

export const PostSchema = z.preprocess(
  liftSingleAuthor,
  PostObjectSchema.transform((post) => ({
    ...post,
    updatedAt: post.updatedAt ?? post.publishedAt,
    contentHtml: resolveRelativeLinks(post.contentHtml, post.url),
  }))
    .refine((post) => post.updatedAt >= post.publishedAt, {
      message: 'must not be earlier than publishedAt',
      path: ['updatedAt'],
    })
    .refine((post) => post.episode === undefined || (post.attachments?.length ?? 0) > 0, {
      message: 'an episode needs an audio or video attachment',
      path: ['attachments'],
    })
    .refine((post) => Buffer.byteLength(JSON.stringify(post), 'utf8') <= POST_LIMITS.totalBytes, {
      message: `the whole post must be at most ${POST_LIMITS.totalBytes} bytes of UTF-8`,
      path: [],
    }),
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
