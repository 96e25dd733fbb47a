import type { Context } from 'aws-lambda';
import { createAwsClients } from '../../shared/aws/aws-clients.ts';
import { loadWebSubCallbackConfig } from '../../shared/config/poller-env.ts';
import {
  callbackRequestOf,
  FunctionUrlEventSchema,
  functionUrlResultOf,
  type FunctionUrlEvent,
  type FunctionUrlResult,
} from '../../shared/ingest/websub/function-url-event.ts';
import { WebSubCallback } from '../../shared/ingest/websub/websub-callback.ts';
import { powertoolsEventLog } from '../../shared/log/powertools-event-log.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { IngestedPostStore } from '../../shared/store/ingested-post-store.ts';
import { SubscriptionRegistry } from '../../shared/store/subscription-registry.ts';
import { WebSubPushStateStore } from '../../shared/store/websub-push-state-store.ts';
import { createLambdaObservability, observedHandler } from '../observability/lambda-observability.ts';
import { powertoolsPipelineMetrics } from '../observability/powertools-pipeline-metrics.ts';

// Built once per execution environment.
const config = loadWebSubCallbackConfig(process.env);
const observability = createLambdaObservability(METRIC_SERVICES.websub);
const { logger, tracer } = observability;
const clients = createAwsClients(config.aws);
tracer.captureAWSv3Client(clients.dynamoDb);
const metrics = powertoolsPipelineMetrics(observability.metrics);
const callback = new WebSubCallback({
  subscriptions: new SubscriptionRegistry(clients.documents, config.tableName),
  pushStates: new WebSubPushStateStore(clients.documents, config.tableName),
  posts: new IngestedPostStore(clients.documents, config.tableName),
  maxItemsPerFeed: config.maxItemsPerFeed,
  maxBodyBytes: config.maxBodyBytes,
  log: powertoolsEventLog(logger),
  onOutcome: (outcome) => {
    if (outcome === 'pushed') metrics.count(COUNT_METRICS.websubPushesIngested);
    if (outcome === 'push-rejected') metrics.count(COUNT_METRICS.websubPushesRejected);
  },
});

/** Lambda function URL → the WebSub callback core (verification of intent, content distribution). */
export async function handler(event: FunctionUrlEvent, context?: Context): Promise<FunctionUrlResult> {
  const run = observedHandler(observability, respond, (received: FunctionUrlEvent) => ({ path: received.rawPath }));
  return run(event, context);
}

async function respond(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  const parsed = FunctionUrlEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.warn('not a function URL event', { issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
    return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Bad Request\n', isBase64Encoded: false };
  }
  return functionUrlResultOf(await callback.handle(callbackRequestOf(parsed.data)));
}
