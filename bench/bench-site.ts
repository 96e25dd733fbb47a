import { SiteConfigSchema, type SiteConfig } from '../shared/config/site-config.ts';

/** The site the bench publishes: the local pipeline's settings, 50 items per feed. */
export const BENCH_SITE: SiteConfig = SiteConfigSchema.parse({
  title: 'Steppe Rights Monitor (bench)',
  description: 'Synthetic posts for timing the publish path',
  siteUrl: 'https://humanrights.example.org/',
  feedBaseUrl: 'https://feeds.humanrights.example.org/',
  tagAuthority: 'humanrights.example.org,2026',
  itemsPerFeed: 50,
});
