import type { SiteConfig } from '../../config/site-config.ts';
import { PublicationStore } from '../../store/publication-store.ts';
import { createPublishPipeline, type PublishPipelineOptions } from '../publish-pipeline.ts';
import { NetworkDirectoryPublisher } from '../site/network-directory-publisher.ts';
import { FeedObjectStore } from '../write/feed-object-store.ts';
import { networkPublicationsReader } from './network-publications.ts';
import { PublicationBatchRouter } from './publication-batch-router.ts';
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
  /** Refreshed by the router after a batch that wrote a feed; `rebuild` may publish it too. */
  directory: NetworkDirectoryPublisher;
}

/**
 * The publish path of a whole network from injected clients: every publication's pipeline is
 * wired the same way, with its own site; the stream handler, `dlq replay` and the test harness
 * all route batches through `router`.
 */
export function createNetworkPublishPath(options: NetworkPublishOptions): NetworkPublishPath {
  const { defaultSite, settings, settingsTtlMs, now, ...shared } = options;
  const store = new PublicationStore(options.clients.documents, options.tableName);
  const sites = new PublicationSites({
    defaultSite,
    settings: settings ?? store,
    ttlMs: settingsTtlMs,
    now,
  });
  const pipelines = new PublicationPipelines({ sites, create: (publicationId, site) => createPublishPipeline({ ...shared, publicationId, site }) });
  const directory = createNetworkDirectory(options, store);
  return { router: new PublicationBatchRouter({ pipelines, log: options.log, directory }), pipelines, directory };
}

/** The directory at the root of the distribution: the default publication's title and language, every publication's catalog. */
function createNetworkDirectory(options: NetworkPublishOptions, store: PublicationStore): NetworkDirectoryPublisher {
  const { defaultSite } = options;
  return new NetworkDirectoryPublisher({
    objects: new FeedObjectStore(options.clients.s3, options.bucketName),
    network: {
      title: defaultSite.title,
      description: defaultSite.description,
      baseUrl: defaultSite.feedBaseUrl,
      language: defaultSite.language,
      cacheControl: defaultSite.cacheControl,
    },
    publications: networkPublicationsReader({ documents: options.clients.documents, tableName: options.tableName, defaultSite, settings: store, log: options.log }),
  });
}
