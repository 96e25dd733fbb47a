import type { DocumentTable } from '../store/document-table.ts';
import type { SiteConfig } from '../config/site-config.ts';
import { isDefaultPublication, type PublicationId } from '../publication/publication-keys.ts';
import { siteConfigOf } from '../publication/publication-settings.ts';
import { PublicationStore } from '../store/publication-store.ts';

export class UnknownPublicationError extends Error {
  override readonly name = 'UnknownPublicationError';
}

/**
 * A publication's site as the newsletter needs it (title, language, site URL): the default
 * publication's from the deploy config, every other one's from its stored settings, read and
 * validated by the PublicationStore the publish path reads too. Memoised per process: settings
 * change rarely, and a scheduler run reads each once.
 */
export class PublicationSource {
  private readonly cache = new Map<PublicationId, Promise<SiteConfig>>();
  private readonly store: PublicationStore;

  constructor(
    documents: DocumentTable,
    tableName: string,
    private readonly defaultSite: SiteConfig,
  ) {
    this.store = new PublicationStore(documents, tableName);
  }

  /** @throws UnknownPublicationError, or the store's InvalidPublicationSettingsError for broken settings. */
  settingsOf(publication: PublicationId): Promise<SiteConfig> {
    let settings = this.cache.get(publication);
    if (!settings) {
      settings = this.load(publication);
      settings.catch(() => this.cache.delete(publication));
      this.cache.set(publication, settings);
    }
    return settings;
  }

  private async load(publication: PublicationId): Promise<SiteConfig> {
    if (isDefaultPublication(publication)) return this.defaultSite;
    const settings = await this.store.get(publication);
    if (!settings) throw new UnknownPublicationError(`no publication ${publication}`);
    return siteConfigOf(settings);
  }
}
