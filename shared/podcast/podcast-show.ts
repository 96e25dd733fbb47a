import * as z from 'zod';
import { ShowIdSchema } from '../post/post-schema.ts';
import { DEFAULT_PUBLICATION_ID } from '../publication/publication-keys.ts';
import { PublicationIdSchema } from '../publication/publication-settings.ts';
import { appleCategoryProblem } from './apple-podcast-categories.ts';

/** Apple Podcasts: artwork at least 1400 and at most 3000 pixels square, JPEG or PNG. */
export const ARTWORK_LIMITS = { minPixels: 1400, maxPixels: 3000 } as const;

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048);

/**
 * The show's artwork. Its pixels cannot be fetched when a show is saved (the CLI may run where the
 * image host is unreachable, and validation must not depend on the network), so the operator
 * states its size and the schema checks what Apple checks against that statement; the file
 * extension must say JPEG or PNG, the only formats Apple takes.
 */
const ArtworkSchema = z
  .object({
    url: httpsUrl.refine((url) => /\.(jpe?g|png)$/i.test(new URL(url).pathname), 'must name a .jpg, .jpeg or .png file (Apple takes JPEG or PNG)'),
    width: z.number().int().min(ARTWORK_LIMITS.minPixels, `must be at least ${ARTWORK_LIMITS.minPixels} pixels`).max(ARTWORK_LIMITS.maxPixels, `must be at most ${ARTWORK_LIMITS.maxPixels} pixels`),
    height: z.number().int().min(ARTWORK_LIMITS.minPixels, `must be at least ${ARTWORK_LIMITS.minPixels} pixels`).max(ARTWORK_LIMITS.maxPixels, `must be at most ${ARTWORK_LIMITS.maxPixels} pixels`),
  })
  .refine((artwork) => artwork.width === artwork.height, { message: 'must be square (width equal to height)', path: ['height'] });

const CategorySchema = z
  .object({ name: z.string().min(1), subcategory: z.string().min(1).optional() })
  .superRefine((category, context) => {
    const problem = appleCategoryProblem(category.name, category.subcategory);
    if (problem !== undefined) context.addIssue({ code: 'custom', path: category.subcategory === undefined || problem.startsWith(`"${category.name}"`) ? ['name'] : ['subcategory'], message: problem });
  });

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/**
 * A podcast show of a publication: what its feed (`feeds/shows/<id>/rss.xml`) says about it.
 * Stored in the network settings partition (`NETWORK` / `SHOW#<publication>#<show>`), so ops add
 * a show without a redeploy.
 */
export const PodcastShowSchema = z.object({
  id: ShowIdSchema,
  publicationId: PublicationIdSchema.default(DEFAULT_PUBLICATION_ID),
  title: text(255),
  /** Plain text; Apple shows up to 4000 characters. */
  description: text(4000),
  artwork: ArtworkSchema,
  category: CategorySchema,
  explicit: z.boolean(),
  owner: z.object({ name: text(255), email: z.email('must be an e-mail address') }),
  author: text(255),
  type: z.enum(['episodic', 'serial']).default('episodic'),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, ru or kk-KZ'),
  /** The show's page; the publication's home page when absent. */
  link: httpsUrl.optional(),
  copyright: text(1000).optional(),
  /** Podcasting 2.0 `podcast:guid`; when absent, the UUIDv5 of the feed URL the specification defines. */
  guid: z.uuid('must be a UUID').optional(),
  /** Podcasting 2.0 `podcast:locked`: true asks other hosts not to import the show. */
  locked: z.boolean().optional(),
});

export type PodcastShow = z.output<typeof PodcastShowSchema>;
export type PodcastShowInput = z.input<typeof PodcastShowSchema>;
