import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { HttpFeedBucket } from '../../shared/aws/http-feed-bucket.ts';
import { loadStreamFunctionConfig } from '../../shared/config/stream-function-config.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { createNetworkPublishPath } from '../../shared/publish/publication/network-publish-path.ts';
import type { PublicationBatchOutcome } from '../../shared/publish/publication/publication-batch-router.ts';
import { MalformedPostKeyError, TABLE_KEYS, parsePostPartitionKey } from '../../shared/store/table-design.ts';
import { isDefaultPublication } from '../../shared/publication/publication-keys.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { config, clients, credentials, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.stream, loadConfig: loadStreamFunctionConfig });
// Neither the SDK's S3 nor its DynamoDB client: they would double this bundle and its cold start (docs/design.md).
const bucket = new HttpFeedBucket({
  region: config.aws.region,
  endpoint: config.aws.s3Endpoint,
  forcePathStyle: config.aws.s3ForcePathStyle,
  credentials,
});
const { router } = createNetworkPublishPath({
  clients: { ...clients, s3: bucket },
  tableName: config.tableName,
  bucketName: config.bucketName,
  defaultSite: config.site,
  log,
  metrics,
});

/** DynamoDB stream → per publication: feed membership → regenerated feeds; failed records are reported for retry. */
async function publishBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  log.info('stream batch received', { recordCount: event.Records.length, postIds: postIdsOf(event) });
  const outcome = await router.publish(event.Records);
  const published = outcome.publications.flatMap((publication) => (publication.status === 'published' ? [publication] : []));
  log.info('stream batch done', {
    recordCount: event.Records.length,
    feedsPublished: published.flatMap(({ publicationId, outcome }) => outcome.published.map((result) => feedLabel(publicationId, result.feedId))),
    failedFeeds: published.flatMap(({ publicationId, outcome }) => outcome.failedFeeds.map((feedId) => feedLabel(publicationId, feedId))),
    publicationsNotPublished: outcome.publications.flatMap(notPublished),
    retryRecords: outcome.response.batchItemFailures.length,
  });
  return outcome.response;
}

/** `<postId>` for the default publication, `<publicationId>/<postId>` for another. */
function postIdsOf(event: DynamoDBStreamEvent): string[] {
  return event.Records.flatMap((record) => {
    const pk = record.dynamodb?.Keys?.[TABLE_KEYS.partitionKey]?.S;
    if (pk === undefined) return [];
    try {
      const { publicationId, postId } = parsePostPartitionKey(pk);
      return [isDefaultPublication(publicationId) ? postId : `${publicationId}/${postId}`];
    } catch (error) {
      if (error instanceof MalformedPostKeyError) return [];
      throw error;
    }
  });
}

/** A feed as one line names it: `all` for the default publication, `fa:all` for another. */
function feedLabel(publicationId: string, feedId: string): string {
  return isDefaultPublication(publicationId) ? feedId : `${publicationId}:${feedId}`;
}

function notPublished(publication: PublicationBatchOutcome): Record<string, unknown>[] {
  if (publication.status === 'published') return [];
  return [{ publicationId: publication.publicationId, status: publication.status, recordCount: publication.recordCount }];
}

/** Sequence range and shard of the batch on every line, matching the DLQ message's batch info. */
function batchKeys(event: DynamoDBStreamEvent): Record<string, unknown> {
  const first = event.Records[0];
  return {
    eventSourceArn: first?.eventSourceARN,
    firstSequenceNumber: first?.dynamodb?.SequenceNumber,
    lastSequenceNumber: event.Records.at(-1)?.dynamodb?.SequenceNumber,
  };
}

export const handler = observe(publishBatch, batchKeys);
