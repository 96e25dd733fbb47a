import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createS3Client } from '../../shared/aws/s3-client.ts';
import { loadStreamFunctionConfig } from '../../shared/config/stream-function-config.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { createPublishPipeline } from '../../shared/publish/publish-pipeline.ts';
import { publishStreamBatch } from '../../shared/publish/publish-stream-batch.ts';
import { POST_PK_PREFIX, TABLE_KEYS } from '../../shared/store/table-design.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { config, clients, log, metrics, observe, traceClient } = bootstrapFunction({ service: METRIC_SERVICES.stream, loadConfig: loadStreamFunctionConfig });
const pipeline = createPublishPipeline({
  clients: { ...clients, s3: traceClient(createS3Client(config.aws)) },
  tableName: config.tableName,
  bucketName: config.bucketName,
  site: config.site,
  log,
  metrics,
});

/** DynamoDB stream → feed membership → regenerated feeds; failed records are reported for retry. */
async function publishBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  log.info('stream batch received', { recordCount: event.Records.length, postIds: postIdsOf(event) });
  const outcome = await publishStreamBatch(pipeline, () => pipeline.streamProcessor.process(event.Records));
  log.info('stream batch done', {
    recordCount: event.Records.length,
    feedsPublished: outcome.published.map((result) => result.feedId),
    failedFeeds: outcome.failedFeeds,
    retryRecords: outcome.response.batchItemFailures.length,
  });
  return outcome.response;
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
