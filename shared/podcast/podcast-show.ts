import * as z from '../validation/zod-mini.ts';
import { ShowIdSchema } from '../post/post-schema.ts';
import { DEFAULT_PUBLICATION_ID } from '../publication/publication-keys.ts';
import { PublicationIdSchema } from '../publication/publication-settings.ts';
import { appleCategoryProblem } from './apple-podcast-categories.ts';

/** Apple Podcasts: artwork at least 1400 and at most 3000 pixels square, JPEG or PNG. */
export const ARTWORK_LIMITS = { minPixels: 1400, maxPixels: 3000 } as const;

/**
 * A podcast show of a publication: what its feed (`feeds/shows/<id>/rss.xml`) says about it.
 * Stored in the network settings partition (`NETWORK` / `SHOW#<publication>#<show>`), so ops add
 * a show without a redeploy.
 *
 * Built on its first parse: with its parts it is about 60 schemas, and the stream function, which
 * loads this module, reads a show only for a batch that touches a show's feed.
 */
export const PodcastShowSchema = z.lazy(buildPodcastShowSchema);

export type PodcastShow = z.output<typeof PodcastShowSchema>;
export type PodcastShowInput = z.input<typeof PodcastShowSchema>;

function buildPodcastShowSchema() {
  const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).check(z.maxLength(2048));
  /** Title, owner and author: built once for the three. */
  const shortText = text(255);
  return z.object({
    id: ShowIdSchema,
    publicationId: z._default(PublicationIdSchema, DEFAULT_PUBLICATION_ID),
    title: shortText,
    /** Plain text; Apple shows up to 4000 characters. */
    description: text(4000),
    artwork: artworkSchema(httpsUrl),
    category: categorySchema(),
    explicit: z.boolean(),
    owner: z.object({ name: shortText, email: z.email('must be an e-mail address') }),
    author: shortText,
    type: z._default(z.enum(['episodic', 'serial']), 'episodic'),
    language: z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, ru or kk-KZ')),
    /** The show's page; the publication's home page when absent. */
    link: z.optional(httpsUrl),
    copyright: z.optional(text(1000)),
    /** Podcasting 2.0 `podcast:guid`; when absent, the UUIDv5 of the feed URL the specification defines. */
    guid: z.optional(z.uuid('must be a UUID')),
    /** Podcasting 2.0 `podcast:locked`: true asks other hosts not to import the show. */
    locked: z.optional(z.boolean()),
  });
}

function text(max: number) {
  return z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
}

/**
 * The show's artwork. Its pixels cannot be fetched when a show is saved (the CLI may run where the
 * image host is unreachable, and validation must not depend on the network), so the operator
 * states its size and the schema checks what Apple checks against that statement; the file
 * extension must say JPEG or PNG, the only formats Apple takes.
 */
function artworkSchema(httpsUrl: z.ZodMiniURL) {
  return z
    .object({
      url: httpsUrl.check(z.refine((url) => /\.(jpe?g|png)$/i.test(new URL(url).pathname), 'must name a .jpg, .jpeg or .png file (Apple takes JPEG or PNG)')),
      width: artworkPixels(),
      height: artworkPixels(),
    })
    .check(z.refine((artwork) => artwork.width === artwork.height, { message: 'must be square (width equal to height)', path: ['height'] }));
}

function artworkPixels() {
  return z.int().check(
    z.minimum(ARTWORK_LIMITS.minPixels, `must be at least ${ARTWORK_LIMITS.minPixels} pixels`),
    z.maximum(ARTWORK_LIMITS.maxPixels, `must be at most ${ARTWORK_LIMITS.maxPixels} pixels`),
  );
}

function categorySchema() {
  return z
    .object({ name: z.string().check(z.minLength(1)), subcategory: z.optional(z.string().check(z.minLength(1))) })
    .check(
      z.superRefine((category, context) => {
        const problem = appleCategoryProblem(category.name, category.subcategory);
        if (problem !== undefined) context.addIssue({ code: 'custom', path: category.subcategory === undefined || problem.startsWith(`"${category.name}"`) ? ['name'] : ['subcategory'], message: problem });
      }),
    );
}
