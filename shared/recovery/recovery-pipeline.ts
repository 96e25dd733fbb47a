import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { AwsClients } from '../aws/aws-clients.ts';
import type { SiteConfig } from '../config/site-config.ts';
import type { EventLog } from '../log/event-log.ts';
import { DEFAULT_PUBLICATION_ID, publicationObjectPrefix, type PublicationId } from '../publication/publication-keys.ts';
import { FeedObjectStore } from '../publish/write/feed-object-store.ts';
import { FeedRebuild } from './feed-rebuild.ts';
import { MembershipReconciler } from './membership-reconciler.ts';
import { createPublishPipeline, type PublishPipeline } from '../publish/publish-pipeline.ts';
import { PublicationSites, type PublicationSettingsReader } from '../publish/publication/publication-sites.ts';
import { PostStore } from '../store/post-store.ts';
import { PublicationStore } from '../store/publication-store.ts';
import { DlqReplay } from './dlq-replay.ts';
import type { FailedBatchQueue } from './failed-batch-queue.ts';
import { NetworkRecovery } from './network-recovery.ts';
import { StreamRangeReader } from './stream-range-reader.ts';

export interface RecoveryOptions {
  clients: Pick<AwsClients, 'documents' | 's3'>;
  tableName: string;
  bucketName: string;
  /** The site of the publication recovered: for the default one, the deploy config. */
  site: SiteConfig;
  log: EventLog;
  /** The publication recovered; the default one when omitted. */
  publicationId?: PublicationId;
}

export interface DlqOptions {
  queue: FailedBatchQueue;
  streams: DynamoDBStreamsClient;
  region: string;
  maxMessages?: number;
  /** Where the other publications' settings are read; the table's `NETWORK` partition when omitted. */
  settings?: Pick<PublicationStore, 'get' | 'list'>;
}

/** One publication's recovery: its pipeline, its reconciler and its rebuild. */
export interface PublicationRecovery {
  rebuild: FeedRebuild;
  reconciler: MembershipReconciler;
  pipeline: PublishPipeline;
}

/** A publication's settings are missing or broken: nothing of it can be published until they are fixed. */
export class PublicationUnavailableError extends Error {
  override readonly name = 'PublicationUnavailableError';
  constructor(
    readonly publicationId: PublicationId,
    readonly reason: string,
    readonly problems: readonly { field: string; reason: string }[],
  ) {
    super(`publication ${publicationId} cannot be published: ${reason} (${problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; ')})`);
  }
}

/**
 * The recovery operations of one publication over the same publish pipeline the Lambda runs (same
 * renderers, same conditional writes, same unchanged-skip), wired from injected clients for the
 * CLI and tests. `options.site` must be that publication's site (`createPublicationRecovery`
 * reads it from the table).
 */
export function createFeedRebuild(options: RecoveryOptions): PublicationRecovery {
  const publicationId = options.publicationId ?? DEFAULT_PUBLICATION_ID;
  const pipeline = createPublishPipeline({ ...options, publicationId });
  const reconciler = new MembershipReconciler(new PostStore(options.clients.documents, options.tableName), pipeline.memberships);
  const rebuild = new FeedRebuild({
    documents: options.clients.documents,
    tableName: options.tableName,
    publicationId,
    objects: new FeedObjectStore(options.clients.s3, options.bucketName, publicationObjectPrefix(publicationId)),
    publisher: pipeline.publisher,
    reconciler,
    siteIndex: pipeline.siteIndex,
  });
  return { rebuild, reconciler, pipeline };
}

/**
 * A publication's recovery with the site it publishes with: the deploy config's for the default
 * publication (`options.site`), its stored settings for another.
 *
 * @throws PublicationUnavailableError when its settings are missing or broken.
 */
export async function createPublicationRecovery(
  options: Omit<RecoveryOptions, 'publicationId'>,
  publicationId: PublicationId,
  settings: PublicationSettingsReader = new PublicationStore(options.clients.documents, options.tableName),
): Promise<PublicationRecovery> {
  const site = await new PublicationSites({ defaultSite: options.site, settings }).siteOf(publicationId);
  if (site.kind === 'unavailable') throw new PublicationUnavailableError(publicationId, site.reason, site.problems);
  return createFeedRebuild({ ...options, publicationId, site: site.site });
}

/** Replays the dead-letter queue of the whole network: each record is republished in its own publication. */
export function createDlqReplay(options: Omit<RecoveryOptions, 'publicationId'> & DlqOptions): DlqReplay {
  const settings = options.settings ?? new PublicationStore(options.clients.documents, options.tableName);
  return new DlqReplay({
    queue: options.queue,
    records: new StreamRangeReader(options.streams, options.region),
    publications: new NetworkRecovery({ recoveryOf: (publicationId) => createPublicationRecovery(options, publicationId, settings), settings }),
    maxMessages: options.maxMessages,
  });
}
