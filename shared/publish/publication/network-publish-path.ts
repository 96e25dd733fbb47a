import type { SiteConfig } from '../../config/site-config.ts';
import { PublicationStore } from '../../store/publication-store.ts';
import { createPublishPipeline, type PublishPipelineOptions } from '../publish-pipeline.ts';
import { PublicationBatchRouter } from './publication-batch-router.ts';
import { NetworkDirectoryRefresh } from './network-directory-refresh.ts';
import { FeedObjectStore } from '../write/feed-object-store.ts';
import { PublicationPipelines } from './publication-pipelines.ts';
import { PublicationSites, type PublicationSettingsReader } from './publication-sites.ts';

export interface NetworkPublishOptions extends Omit<PublishPipelineOptions, 'publicationId' | 'site'> {
  /** The default publication's site: the deploy config. */
  defaultSite: SiteConfig;
  /** Where other publications' settings are read; the table's `NETWORK` partition when omitted. */
  settings?: PublicationSettingsReader;
  settingsTtlMs?: number;
  now?: () => number;
}

export interface NetworkPublishPath {
  router: PublicationBatchRouter;
  pipelines: PublicationPipelines;
}

/**
 * The publish path of a whole network from injected clients: every publication's pipeline is
 * wired the same way, with its own site; the stream handler, `dlq replay` and the test harness
 * all route batches through `router`.
 */
export function createNetworkPublishPath(options: NetworkPublishOptions): NetworkPublishPath {
  const { defaultSite, settings, settingsTtlMs, now, ...shared } = options;
  const sites = new PublicationSites({
    defaultSite,
    settings: settings ?? new PublicationStore(options.clients.documents, options.tableName),
    ttlMs: settingsTtlMs,
    now,
  });
  const pipelines = new PublicationPipelines({ sites, create: (publicationId, site) => createPublishPipeline({ ...shared, publicationId, site }) });
  const directory = new NetworkDirectoryRefresh({
    documents: options.clients.documents,
    tableName: options.tableName,
    objects: new FeedObjectStore(options.clients.s3, options.bucketName),
    defaultSite,
    publications: new PublicationStore(options.clients.documents, options.tableName),
    log: options.log,
  });
  return { router: new PublicationBatchRouter({ pipelines, log: options.log, afterBatch: (outcome) => directory.afterBatch(outcome) }), pipelines };
}
