import * as z from '../../validation/zod-mini.ts';
import type { Post } from '../../post/post-schema.ts';
import { plainTextExcerpt } from '../../feed/plain-text-excerpt.ts';
import type { SiteConfig } from '../../config/site-config.ts';
import type { NewsletterDefinition } from '../newsletter-definition.ts';

/** A digest lists at most this many posts (the newest): a mail, and its stored item, stay small. */
export const DIGEST_MAX_POSTS = 30;

export const DigestPostSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  url: z.url(),
  publishedAt: z.string(),
  image: z.optional(z.object({ url: z.url(), alt: z.string() })),
});

/**
 * One issue of a newsletter, planned once for a schedule slot and stored, so every recipient
 * batch (and every retry) renders the same posts. Links to unsubscribe are added per recipient.
 */
export const DigestSchema = z.object({
  publication: z.string(),
  newsletter: z.string(),
  slot: z.string(),
  title: z.string(),
  publicationTitle: z.string(),
  siteUrl: z.url(),
  language: z.string(),
  from: z.string(),
  replyTo: z.optional(z.string()),
  posts: z.array(DigestPostSchema).check(z.minLength(1)),
});

export type Digest = z.output<typeof DigestSchema>;
export type DigestPost = z.output<typeof DigestPostSchema>;

/** The digest of `posts` (any order), or undefined when there is nothing new: no empty issue is ever sent. */
export function buildDigest(newsletter: NewsletterDefinition, publication: SiteConfig, slot: string, posts: readonly Post[]): Digest | undefined {
  if (posts.length === 0) return undefined;
  const newestFirst = [...posts].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id)).slice(0, DIGEST_MAX_POSTS);
  return {
    publication: newsletter.publication,
    newsletter: newsletter.id,
    slot,
    title: newsletter.title,
    publicationTitle: publication.title,
    siteUrl: publication.siteUrl,
    language: publication.language,
    from: newsletter.from,
    ...(newsletter.replyTo ? { replyTo: newsletter.replyTo } : {}),
    posts: newestFirst.map(digestPostOf),
  };
}

function digestPostOf(post: Post): DigestPost {
  const summary = post.summary.trim() !== '' ? post.summary : plainTextExcerpt(post.contentHtml);
  return {
    id: post.id,
    title: post.title,
    summary,
    url: post.url,
    publishedAt: post.publishedAt,
    ...(post.image ? { image: { url: post.image.url, alt: post.image.caption ?? '' } } : {}),
  };
}
