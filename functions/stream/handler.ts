import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createAwsClients } from '../../shared/aws/aws-clients.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-env.ts';
import { createPublishPipeline } from '../../shared/publish/publish-pipeline.ts';
import { powertoolsEventLog } from '../../shared/log/powertools-event-log.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const config = loadRuntimeConfig(process.env);
const logger = new Logger({ serviceName: 'feedline-stream' });
const pipeline = createPublishPipeline({
  clients: createAwsClients(config.aws),
  tableName: config.tableName,
  bucketName: config.bucketName,
  site: config.site,
  log: powertoolsEventLog(logger),
});

/** DynamoDB stream → feed membership → regenerated feeds; failed records are reported for retry. */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  logger.info('stream batch received', { recordCount: event.Records.length });
  const outcome = await pipeline.streamProcessor.process(event.Records);
  logger.info('stream batch done', {
    recordCount: event.Records.length,
    feedsPublished: outcome.published.length,
    failedFeeds: outcome.failedFeeds,
    retryRecords: outcome.response.batchItemFailures.length,
  });
  return outcome.response;
}
