import { ConfigError } from './config-error.ts';
import { SiteConfigSchema, type SiteConfig } from './site-config.ts';
import type { StreamFunctionEnv } from './stream-function-config.ts';
import { describeSchemaError } from '../validation/field-problems.ts';

/**
 * The SITE_* variables every function that speaks for the default publication reads; the feed
 * settings are the stream function's only, and the schema's defaults stand where they are absent.
 */
export type SiteEnv = Pick<StreamFunctionEnv, 'SITE_TITLE' | 'SITE_DESCRIPTION' | 'SITE_URL' | 'FEED_BASE_URL' | 'SITE_LANGUAGE' | 'TAG_AUTHORITY'> &
  Partial<Pick<StreamFunctionEnv, 'ITEMS_PER_FEED' | 'FEED_CACHE_CONTROL' | 'WEBSUB_HUB_URLS' | 'ARCHIVE_CACHE_CONTROL'>>;

/** The default publication's settings from the deploy environment, one reading for every function. */
export function siteConfigFromEnv(vars: SiteEnv): SiteConfig {
  const site = SiteConfigSchema.safeParse({
    title: vars.SITE_TITLE,
    description: vars.SITE_DESCRIPTION,
    siteUrl: vars.SITE_URL,
    feedBaseUrl: vars.FEED_BASE_URL,
    language: vars.SITE_LANGUAGE,
    tagAuthority: vars.TAG_AUTHORITY,
    itemsPerFeed: vars.ITEMS_PER_FEED,
    cacheControl: vars.FEED_CACHE_CONTROL,
    hubUrls: vars.WEBSUB_HUB_URLS,
    archiveCacheControl: vars.ARCHIVE_CACHE_CONTROL,
  });
  if (!site.success) throw new ConfigError(`invalid site settings: ${describeSchemaError(site.error)}`);
  return site.data;
}
