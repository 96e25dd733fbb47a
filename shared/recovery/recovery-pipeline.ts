import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { AwsClients } from '../aws/aws-clients.ts';
import type { SiteConfig } from '../config/site-config.ts';
import type { EventLog } from '../log/event-log.ts';
import { FeedObjectStore } from '../publish/write/feed-object-store.ts';
import { FeedRebuild } from './feed-rebuild.ts';
import { MembershipReconciler } from './membership-reconciler.ts';
import { createPublishPipeline } from '../publish/publish-pipeline.ts';
import { PostStore } from '../store/post-store.ts';
import { DlqReplay } from './dlq-replay.ts';
import type { FailedBatchQueue } from './failed-batch-queue.ts';
import { StreamRangeReader } from './stream-range-reader.ts';

export interface RecoveryOptions {
  clients: Pick<AwsClients, 'documents' | 's3'>;
  tableName: string;
  bucketName: string;
  site: SiteConfig;
  log: EventLog;
}

export interface DlqOptions {
  queue: FailedBatchQueue;
  streams: DynamoDBStreamsClient;
  region: string;
  maxMessages?: number;
}

/**
 * The recovery operations over the same publish pipeline the Lambda runs (same renderers, same
 * conditional writes, same unchanged-skip), wired from injected clients for the CLI and tests.
 */
export function createFeedRebuild(options: RecoveryOptions): { rebuild: FeedRebuild; reconciler: MembershipReconciler; pipeline: ReturnType<typeof createPublishPipeline> } {
  const pipeline = createPublishPipeline(options);
  const reconciler = new MembershipReconciler(new PostStore(options.clients.documents, options.tableName), pipeline.memberships);
  const rebuild = new FeedRebuild({
    documents: options.clients.documents,
    tableName: options.tableName,
    objects: new FeedObjectStore(options.clients.s3, options.bucketName),
    publisher: pipeline.publisher,
    reconciler,
    siteIndex: pipeline.siteIndex,
  });
  return { rebuild, reconciler, pipeline };
}

export function createDlqReplay(options: RecoveryOptions & DlqOptions): DlqReplay {
  const { rebuild, reconciler, pipeline } = createFeedRebuild(options);
  return new DlqReplay({
    queue: options.queue,
    records: new StreamRangeReader(options.streams, options.region),
    reconciler,
    pipeline,
    rebuild,
    maxMessages: options.maxMessages,
  });
}
