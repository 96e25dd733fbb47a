import type { SiteConfig } from '../../config/site-config.ts';
import { errorFields } from '../../errors/error-description.ts';
import type { EventLog } from '../../log/event-log.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../../publication/publication-keys.ts';
import { siteConfigOf } from '../../publication/publication-settings.ts';
import type { NetworkPublication } from '../../site/network-directory.ts';
import { FeedCatalog } from '../../store/feed-catalog.ts';
import type { PublicationStore } from '../../store/publication-store.ts';
import type { DocumentTable } from '../../store/document-table.ts';
import { NetworkDirectoryPublisher } from '../site/network-directory-publisher.ts';
import type { FeedObjectStore } from '../write/feed-object-store.ts';
import type { NetworkBatchOutcome } from './publication-batch-router.ts';

export interface NetworkDirectoryRefreshOptions {
  documents: DocumentTable;
  tableName: string;
  /** The bucket's root (no publication folder): the directory lives under `network/`. */
  objects: FeedObjectStore;
  /** The default publication's site: the network's own, whose base URL is the distribution's. */
  defaultSite: SiteConfig;
  publications: Pick<PublicationStore, 'list'>;
  log: EventLog;
}

/**
 * Keeps `network/index.html` and `network/feeds.opml` current: after a batch that wrote some
 * publication's feed, the directory is rendered again from every publication's settings and
 * catalog (one Query each; unchanged bytes are never PUT). Publications with broken settings are
 * left out until repaired. A stale directory never fails a batch: errors are logged.
 */
export class NetworkDirectoryRefresh {
  private readonly publisher: NetworkDirectoryPublisher;

  constructor(private readonly options: NetworkDirectoryRefreshOptions) {
    const site = options.defaultSite;
    this.publisher = new NetworkDirectoryPublisher({
      objects: options.objects,
      network: { title: site.title, description: site.description, baseUrl: site.feedBaseUrl, language: site.language, cacheControl: site.cacheControl },
      publications: () => this.listPublications(),
    });
  }

  async afterBatch(outcome: NetworkBatchOutcome): Promise<void> {
    const wroteFeeds = outcome.publications.some((publication) => publication.status === 'published' && publication.outcome.published.some((result) => result.written.length > 0));
    if (wroteFeeds) await this.refresh();
  }

  /** Renders the directory again whatever changed, e.g. after a rebuild of every publication. */
  async refresh(): Promise<void> {
    try {
      await this.publisher.publish();
    } catch (error) {
      this.options.log.warn('network directory not refreshed; feeds are published', { error: errorFields(error) });
    }
  }

  private async listPublications(): Promise<NetworkPublication[]> {
    const stored = await this.options.publications.list();
    const sites: { id: PublicationId; site: SiteConfig }[] = [
      { id: DEFAULT_PUBLICATION_ID, site: this.options.defaultSite },
      ...stored.flatMap((publication) => (publication.ok ? [{ id: publication.settings.id, site: siteConfigOf(publication.settings) }] : [])),
    ];
    return Promise.all(
      sites.map(async ({ id, site }) => ({ id, site, entries: await new FeedCatalog(this.options.documents, this.options.tableName, id).list() })),
    );
  }
}
