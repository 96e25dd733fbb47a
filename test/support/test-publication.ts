import type { PublicationSettingsInput } from '../../shared/publication/publication-settings.ts';

/**
 * A publication of the test network, served under the test site's distribution like one without
 * a hostname of its own (`<distribution>/pubs/<id>/`).
 */
export function testPublication(id: string, overrides: Partial<PublicationSettingsInput> = {}): PublicationSettingsInput {
  return {
    id,
    title: `Steppe Rights Monitor (${id})`,
    description: `The ${id} service of the monitor`,
    siteUrl: `https://humanrights.example.org/${id}/`,
    feedBaseUrl: `https://feeds.humanrights.example.org/pubs/${id}/`,
    tagAuthority: `${id}.humanrights.example.org,2026`,
    language: id,
    itemsPerFeed: 50,
    ...overrides,
  };
}
