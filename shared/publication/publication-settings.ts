import * as z from '../validation/zod-mini.ts';
import { SiteConfigSchema, type SiteConfig } from '../config/site-config.ts';
import { PUBLICATION_ID_MAX_LENGTH, PUBLICATION_ID_PATTERN, type PublicationId } from './publication-keys.ts';

export const PublicationIdSchema = z.string().check(
  z.maxLength(PUBLICATION_ID_MAX_LENGTH, `must be at most ${PUBLICATION_ID_MAX_LENGTH} characters`),
  z.regex(PUBLICATION_ID_PATTERN, 'must be lower-case letters, digits and single hyphens'),
);

/**
 * One publication of the network: what its feeds say about it. The same fields as the deploy-time
 * site config (which stays the default publication's), plus what only a network needs. Stored in
 * the table, so ops add a publication without a redeploy.
 */
export const PublicationSettingsSchema = z.extend(SiteConfigSchema, {
  id: PublicationIdSchema,
  /** Square logo shown by readers and the index page. */
  logoUrl: z.optional(z.url()),
  /** Its own host name (an alternate domain name on the distribution), if it has one. */
  hostname: z.optional(
    z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS host name')),
  ),
});

export type PublicationSettings = z.output<typeof PublicationSettingsSchema>;
export type PublicationSettingsInput = z.input<typeof PublicationSettingsSchema>;

/** The site config a publication's renderers read: its settings without the network-only fields. */
export function siteConfigOf(settings: PublicationSettings): SiteConfig {
  const { id: _id, logoUrl: _logoUrl, hostname: _hostname, ...site } = settings;
  return site;
}

/**
 * Network settings live in one partition, so listing every publication (and its podcast shows
 * and newsletters) is one Query. No sort key here is `POST`, so the stream filter drops them.
 */
export const NETWORK_PK = 'NETWORK';

export function publicationSettingsKey(publicationId: PublicationId): { pk: string; sk: string } {
  return { pk: NETWORK_PK, sk: `PUB#${publicationId}` };
}

export function podcastShowKey(publicationId: PublicationId, showId: string): { pk: string; sk: string } {
  return { pk: NETWORK_PK, sk: `SHOW#${publicationId}#${showId}` };
}

export function newsletterKey(publicationId: PublicationId, newsletterId: string): { pk: string; sk: string } {
  return { pk: NETWORK_PK, sk: `NEWSLETTER#${publicationId}#${newsletterId}` };
}
