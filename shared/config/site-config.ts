import * as z from '../validation/zod-mini.ts';

/**
 * What a feed says about the site. Parsed once at the edge (Lambda env, CLI, local runtime) and
 * passed in; nothing in `shared/` reads `process.env`.
 */
/** Built once and shared: each schema built is import time in every function. */
const nonEmptyString = z.string().check(z.minLength(1));

export const SiteConfigSchema = z.object({
  title: nonEmptyString,
  description: nonEmptyString,
  /** The publisher's home page; topic pages are `<siteUrl>topics/<slug>`. */
  siteUrl: z.url().check(z.refine(endsWithSlash, 'must end with "/"')),
  /** Public base URL the bucket is served from (CloudFront); self links are built on it. */
  feedBaseUrl: z.url().check(z.refine(endsWithSlash, 'must end with "/"')),
  language: z._default(z.string().check(z.minLength(2)), 'en'),
  /** `tag:` URI authority and date (RFC 4151), fixed forever so ids never change. */
  tagAuthority: z.string().check(z.regex(/^[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$/, 'must look like example.org,2026')),
  itemsPerFeed: z._default(z.int().check(z.minimum(1), z.maximum(500)), 50),
  cacheControl: z._default(nonEmptyString, 'public, max-age=60, stale-while-revalidate=300'),
  /** RFC 5005 archive pages change only when an old post is edited: readers and the CDN may keep them long. */
  archiveCacheControl: z._default(nonEmptyString, 'public, max-age=86400, stale-while-revalidate=604800'),
  copyright: z.optional(z.string()),
  /** WebSub hubs advertised in every feed and pinged when a feed's bytes change. */
  hubUrls: z._default(z.array(z.url()), []),
});

function endsWithSlash(url: string): boolean {
  return url.endsWith('/');
}

export type SiteConfig = z.output<typeof SiteConfigSchema>;
export type SiteConfigInput = z.input<typeof SiteConfigSchema>;
