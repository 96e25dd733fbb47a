import type { AwsClients } from '../shared/aws/aws-clients.ts';
import type { SiteConfig } from '../shared/config/site-config.ts';
import type { EventLog } from '../shared/log/event-log.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../shared/publication/publication-keys.ts';
import { siteConfigOf } from '../shared/publication/publication-settings.ts';
import { NetworkDirectoryRefresh } from '../shared/publish/publication/network-directory-refresh.ts';
import { FeedObjectStore } from '../shared/publish/write/feed-object-store.ts';
import type { RebuildReport } from '../shared/recovery/feed-rebuild.ts';
import { createFeedRebuild } from '../shared/recovery/recovery-pipeline.ts';
import { PublicationStore } from '../shared/store/publication-store.ts';

export interface NetworkRebuildOptions {
  clients: AwsClients;
  tableName: string;
  bucketName: string;
  /** The default publication's site: the local Lambda environment's. */
  defaultSite: SiteConfig;
  log: EventLog;
  /** Applied to every publication's site, e.g. small pages for `render-samples`. */
  siteOverrides?: Partial<SiteConfig>;
}

export interface PublicationRebuildReport {
  publicationId: PublicationId;
  report: RebuildReport;
}

/**
 * `rebuild --all` of every publication of the local network, each with its own stored settings,
 * then the network directory: what a new feed address (another port) or other page sizes need.
 * A publication whose stored settings are broken is not rebuilt; its feeds stay as they were.
 */
export async function rebuildNetwork(options: NetworkRebuildOptions): Promise<PublicationRebuildReport[]> {
  const { clients, tableName, bucketName, log } = options;
  const store = new PublicationStore(clients.documents, tableName);
  const stored = await store.list();
  const sites = [
    { publicationId: DEFAULT_PUBLICATION_ID, site: options.defaultSite },
    ...stored.flatMap((publication) => (publication.ok ? [{ publicationId: publication.settings.id, site: siteConfigOf(publication.settings) }] : [])),
  ];
  const reports: PublicationRebuildReport[] = [];
  for (const { publicationId, site } of sites) {
    const { rebuild } = createFeedRebuild({ clients, tableName, bucketName, log, publicationId, site: { ...site, ...options.siteOverrides } });
    reports.push({ publicationId, report: await rebuild.rebuildAll() });
  }
  const objects = new FeedObjectStore(clients.s3, bucketName);
  await new NetworkDirectoryRefresh({ documents: clients.documents, tableName, objects, defaultSite: options.defaultSite, publications: store, log }).refresh();
  return reports;
}
