import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadRuntimeConfig } from '../../shared/config/runtime-env.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { createPublishPipeline } from '../../shared/publish/publish-pipeline.ts';
import { describeError } from '../../shared/publish/stream-batch-processor.ts';
import { POST_PK_PREFIX, TABLE_KEYS } from '../../shared/store/table-design.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { config, clients, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.stream, loadConfig: loadRuntimeConfig });
const pipeline = createPublishPipeline({
  clients,
  tableName: config.tableName,
  bucketName: config.bucketName,
  site: config.site,
  log,
  metrics,
});

/**
 * How long an invocation waits for its WebSub pings after the feeds are written. Lambda freezes
 * the process once the handler returns, so a ping must finish or be given up within the
 * invocation; a dead hub costs a batch at most this much (the function's timeout is 60 s).
 */
const HUB_PING_SETTLE_MS = 5_000;

/** DynamoDB stream → feed membership → regenerated feeds; failed records are reported for retry. */
async function publishBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  try {
    return await publishRecords(event);
  } finally {
    await pipeline.hubNotifier?.settle(HUB_PING_SETTLE_MS);
  }
}

async function publishRecords(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  log.info('stream batch received', { recordCount: event.Records.length, postIds: postIdsOf(event) });
  const outcome = await pipeline.streamProcessor.process(event.Records);
  if (outcome.published.some((result) => result.written.length > 0)) await refreshSiteIndex();
  log.info('stream batch done', {
    recordCount: event.Records.length,
    feedsPublished: outcome.published.map((result) => result.feedId),
    failedFeeds: outcome.failedFeeds,
    retryRecords: outcome.response.batchItemFailures.length,
  });
  return outcome.response;
}

/** A stale index page is harmless (feeds are linked by stable URLs): never fail the batch for it. */
async function refreshSiteIndex(): Promise<void> {
  try {
    await pipeline.siteIndex.publish();
  } catch (error) {
    log.warn('site index not refreshed; feeds are published', { error: describeError(error) });
  }
}

function postIdsOf(event: DynamoDBStreamEvent): string[] {
  return event.Records.flatMap((record) => {
    const pk = record.dynamodb?.Keys?.[TABLE_KEYS.partitionKey]?.S;
    return pk?.startsWith(POST_PK_PREFIX) ? [pk.slice(POST_PK_PREFIX.length)] : [];
  });
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
