import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SiteConfig } from '../../config/site-config.ts';
import type { EventLog } from '../../log/event-log.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../../publication/publication-keys.ts';
import { siteConfigOf } from '../../publication/publication-settings.ts';
import { FeedCatalog } from '../../store/feed-catalog.ts';
import type { StoredPublication } from '../../store/publication-store.ts';
import type { NetworkPublication } from '../../site/network-directory.ts';

export interface NetworkPublicationsOptions {
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** The default publication's site: the deploy config, never stored. */
  defaultSite: SiteConfig;
  /** Every stored publication (`PublicationStore` in practice). */
  settings: { list(): Promise<StoredPublication[]> };
  log: EventLog;
}

/**
 * Reads what the network directory lists: the default publication and every stored one, each
 * with its own catalog. A publication whose stored settings are broken is left out (and said so)
 * rather than hiding the rest of the network.
 */
export function networkPublicationsReader(options: NetworkPublicationsOptions): () => Promise<NetworkPublication[]> {
  const { documents, tableName, defaultSite, settings, log } = options;
  const withCatalog = async (id: PublicationId, site: SiteConfig): Promise<NetworkPublication> => ({
    id,
    site,
    entries: await new FeedCatalog(documents, tableName, id).list(),
  });
  return async () => {
    const stored = await settings.list();
    const usable = stored.flatMap((publication) => {
      if (publication.ok) return [publication.settings];
      log.warn('publication left out of the network directory: its settings are invalid', { publicationId: publication.publicationId });
      return [];
    });
    return Promise.all([
      withCatalog(DEFAULT_PUBLICATION_ID, defaultSite),
      ...usable.map((publication) => withCatalog(publication.id, siteConfigOf(publication))),
    ]);
  };
}
