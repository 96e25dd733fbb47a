import type { AwsClients } from '../aws/aws-clients.ts';
import type { SiteConfig } from '../config/site-config.ts';
import type { EventLog } from '../log/event-log.ts';
import type { PipelineMetrics } from '../observability/pipeline-metrics.ts';
import { FeedCatalog } from '../store/feed-catalog.ts';
import { ArchiveDirectory } from '../store/archive-directory.ts';
import { FeedMembershipStore } from '../store/feed-membership-store.ts';
import { PodcastShowStore } from '../store/podcast-show-store.ts';
import { HubNotifier, type HubNotifierOptions } from '../websub/hub-notifier.ts';
import type { FeedChangeListener } from '../feed/feed-change.ts';
import type { FeedBucket } from './write/feed-bucket.ts';
import { FeedObjectStore } from './write/feed-object-store.ts';
import { FeedPublisher, type FeedPublisherOptions } from './feed-publisher.ts';
import { SiteIndexPublisher } from './site/site-index-publisher.ts';
import { StreamBatchProcessor } from './stream-batch-processor.ts';
import { SubscribePagePublisher } from './site/subscribe-page-publisher.ts';
import { DEFAULT_PUBLICATION_ID, publicationObjectPrefix, type PublicationId } from '../publication/publication-keys.ts';

export interface PublishPipelineOptions {
  /** `s3`: the SDK's client offline and in tests, the signed HTTP one in the stream function. */
  clients: Pick<AwsClients, 'documents'> & { s3: FeedBucket };
  tableName: string;
  bucketName: string;
  /** The publication whose keys and objects this pipeline reads and writes; the default one when omitted. */
  publicationId?: PublicationId;
  /** What the publication's feeds say about it: its title, language, base URL, `tag:` authority, hubs. */
  site: SiteConfig;
  log: EventLog;
  /** Where feeds regenerated, unchanged skips, render failures and latency are counted. */
  metrics?: PipelineMetrics;
  /** Overrides for tests that inject faults. */
  publisherOverrides?: Pick<FeedPublisherOptions, 'renderFiles' | 'maxAttempts'>;
  /** Told after each subscription document whose bytes changed. */
  listeners?: FeedChangeListener[];
  /** Overrides for tests of the WebSub pings (a fake clock, short retries). */
  hubNotifierOverrides?: Omit<HubNotifierOptions, 'hubUrls' | 'log' | 'metrics'>;
}

export interface PublishPipeline {
  publicationId: PublicationId;
  memberships: FeedMembershipStore;
  publisher: FeedPublisher;
  streamProcessor: StreamBatchProcessor;
  siteIndex: SiteIndexPublisher;
  /** Pings `site.hubUrls` after each changed feed; absent when no hub is configured. */
  hubNotifier?: HubNotifier;
  /** Where every part reports; `publishStreamBatch` warns here when the site index lags. */
  log: EventLog;
}

/**
 * Wires one publication's publish path from injected clients; Lambda, `npm start` and tests all
 * use this. Every store and the bucket folder are the publication's, so nothing it does can reach
 * another publication's feeds, catalog or objects.
 */
export function createPublishPipeline(options: PublishPipelineOptions): PublishPipeline {
  const publicationId = options.publicationId ?? DEFAULT_PUBLICATION_ID;
  const memberships = new FeedMembershipStore(options.clients.documents, options.tableName, publicationId);
  const objects = new FeedObjectStore(options.clients.s3, options.bucketName, publicationObjectPrefix(publicationId));
  const hubNotifier = createHubNotifier(options);
  const catalog = new FeedCatalog(options.clients.documents, options.tableName, publicationId);
  // Listens for changed feeds (catalog entries, subscribe pages) and writes the site's pages and assets.
  const siteIndex = new SiteIndexPublisher({
    objects,
    catalog,
    site: options.site,
    subscribePages: new SubscribePagePublisher({ objects, site: options.site }),
  });
  const publisher = new FeedPublisher({
    memberships,
    archive: new ArchiveDirectory(options.clients.documents, options.tableName, publicationId),
    objects,
    site: options.site,
    log: options.log,
    metrics: options.metrics,
    lastTitles: catalog,
    podcastShows: new PodcastShowStore(options.clients.documents, options.tableName).lookupFor(publicationId),
    listeners: [...(options.listeners ?? []), siteIndex, ...(hubNotifier ? [hubNotifier] : [])],
    ...options.publisherOverrides,
  });
  const streamProcessor = new StreamBatchProcessor({ memberships, publisher, log: options.log, metrics: options.metrics });
  return { publicationId, memberships, publisher, streamProcessor, siteIndex, hubNotifier, log: options.log };
}

function createHubNotifier(options: PublishPipelineOptions): HubNotifier | undefined {
  if (options.site.hubUrls.length === 0) return undefined;
  return new HubNotifier({ hubUrls: options.site.hubUrls, log: options.log, metrics: options.metrics, ...options.hubNotifierOverrides });
}
