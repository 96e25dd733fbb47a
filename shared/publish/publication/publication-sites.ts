import type { SiteConfig } from '../../config/site-config.ts';
import { isDefaultPublication, type PublicationId } from '../../publication/publication-keys.ts';
import { siteConfigOf, type PublicationSettings } from '../../publication/publication-settings.ts';
import { InvalidPublicationSettingsError } from '../../store/publication-store.ts';
import type { FieldProblem } from '../../validation/field-problems.ts';

/** Where stored publication settings are read (`PublicationStore` in practice). */
export interface PublicationSettingsReader {
  /** @throws InvalidPublicationSettingsError when the stored item breaks the schema. */
  get(publicationId: PublicationId): Promise<PublicationSettings | undefined>;
}

/** What a publication's records publish with, or why they cannot be published yet. */
export type PublicationSite =
  | { kind: 'ready'; publicationId: PublicationId; site: SiteConfig }
  | { kind: 'unavailable'; publicationId: PublicationId; reason: 'no settings' | 'invalid settings'; problems: FieldProblem[] };

export interface PublicationSitesOptions {
  /** The default publication's site: the deploy config, never stored in the table. */
  defaultSite: SiteConfig;
  settings: PublicationSettingsReader;
  /** How long settings read from the table are trusted before the next batch reads them again. */
  ttlMs?: number;
  now?: () => number;
}

/** A settings change (`pub update`) reaches the feeds within this long, without a redeploy. */
export const PUBLICATION_SETTINGS_TTL_MS = 30_000;

/**
 * The site each publication publishes with, read from its stored settings at most once per TTL
 * per execution environment: a batch costs no extra read while settings are fresh. Only good
 * settings are kept; a publication that has none, or broken ones, is read again on its next
 * batch, so the moment ops add or repair it its parked records go through.
 */
export class PublicationSites {
  private readonly cached = new Map<PublicationId, { site: SiteConfig; readAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PublicationSitesOptions) {
    this.ttlMs = options.ttlMs ?? PUBLICATION_SETTINGS_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async siteOf(publicationId: PublicationId): Promise<PublicationSite> {
    if (isDefaultPublication(publicationId)) return { kind: 'ready', publicationId, site: this.options.defaultSite };
    const cached = this.cached.get(publicationId);
    if (cached && this.now() - cached.readAt < this.ttlMs) return { kind: 'ready', publicationId, site: cached.site };
    return this.read(publicationId);
  }

  private async read(publicationId: PublicationId): Promise<PublicationSite> {
    const readAt = this.now();
    let settings: PublicationSettings | undefined;
    try {
      settings = await this.options.settings.get(publicationId);
    } catch (error) {
      if (!(error instanceof InvalidPublicationSettingsError)) throw error;
      this.cached.delete(publicationId);
      return { kind: 'unavailable', publicationId, reason: 'invalid settings', problems: error.problems };
    }
    if (settings === undefined) {
      this.cached.delete(publicationId);
      return { kind: 'unavailable', publicationId, reason: 'no settings', problems: [{ field: '(settings)', reason: `no publication "${publicationId}" is stored` }] };
    }
    const site = siteConfigOf(settings);
    this.cached.set(publicationId, { site, readAt });
    return { kind: 'ready', publicationId, site };
  }
}
