import * as z from 'zod';

/**
 * What a feed says about the site. Parsed once at the edge (Lambda env, CLI, local runtime) and
 * passed in; nothing in `shared/` reads `process.env`.
 */
export const SiteConfigSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  /** The publisher's home page; topic pages are `<siteUrl>topics/<slug>`. */
  siteUrl: z.url().refine((url) => url.endsWith('/'), 'must end with "/"'),
  /** Public base URL the bucket is served from (CloudFront); self links are built on it. */
  feedBaseUrl: z.url().refine((url) => url.endsWith('/'), 'must end with "/"'),
  language: z.string().min(2).default('en'),
  /** `tag:` URI authority and date (RFC 4151), fixed forever so ids never change. */
  tagAuthority: z.string().regex(/^[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$/, 'must look like example.org,2026'),
  itemsPerFeed: z.number().int().min(1).max(500).default(50),
  cacheControl: z.string().min(1).default('public, max-age=60, stale-while-revalidate=300'),
  /** RFC 5005 archive pages change only when an old post is edited: readers and the CDN may keep them long. */
  archiveCacheControl: z.string().min(1).default('public, max-age=86400, stale-while-revalidate=604800'),
  copyright: z.string().optional(),
  /** WebSub hubs advertised in every feed and pinged when a feed's bytes change. */
  hubUrls: z.array(z.url()).default([]),
});

export type SiteConfig = z.output<typeof SiteConfigSchema>;
export type SiteConfigInput = z.input<typeof SiteConfigSchema>;
