import { SiteConfigSchema, type SiteConfig } from '../../shared/config/site-config.ts';

/** The site settings integration tests publish with. */
export function testSite(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return SiteConfigSchema.parse({
    title: 'Steppe Rights Monitor',
    description: 'Independent reporting on rights and freedoms',
    siteUrl: 'https://humanrights.example.org/',
    feedBaseUrl: 'https://feeds.humanrights.example.org/',
    tagAuthority: 'humanrights.example.org,2026',
    itemsPerFeed: 50,
    ...overrides,
  });
}
