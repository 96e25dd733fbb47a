import { loadWebSubCallbackConfig } from '../../shared/config/websub-callback-config.ts';
import {
  callbackRequestOf,
  FunctionUrlEventSchema,
  functionUrlResultOf,
  type FunctionUrlEvent,
  type FunctionUrlResult,
} from '../../shared/ingest/websub/function-url-event.ts';
import { WebSubCallback } from '../../shared/ingest/websub/websub-callback.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { IngestedPostStore } from '../../shared/store/ingested-post-store.ts';
import { SubscriptionRegistry } from '../../shared/store/subscription-registry.ts';
import { fieldProblemsOf } from '../../shared/validation/field-problems.ts';
import { WebSubPushStateStore } from '../../shared/store/websub-push-state-store.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment.
const { config, clients, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.websub, loadConfig: loadWebSubCallbackConfig });
const callback = new WebSubCallback({
  subscriptions: new SubscriptionRegistry(clients.documents, config.tableName),
  pushStates: new WebSubPushStateStore(clients.documents, config.tableName),
  posts: new IngestedPostStore(clients.documents, config.tableName),
  maxItemsPerFeed: config.maxItemsPerFeed,
  maxBodyBytes: config.maxBodyBytes,
  log,
  onOutcome: (outcome) => {
    if (outcome === 'pushed') metrics.count(COUNT_METRICS.websubPushesIngested);
    if (outcome === 'push-rejected') metrics.count(COUNT_METRICS.websubPushesRejected);
  },
});

/** Lambda function URL → the WebSub callback core (verification of intent, content distribution). */
export const handler = observe(respond, (received: FunctionUrlEvent) => ({ path: received.rawPath }));

async function respond(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  const parsed = FunctionUrlEventSchema.safeParse(event);
  if (!parsed.success) {
    log.warn('not a function URL event', { problems: fieldProblemsOf(parsed.error) });
    return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Bad Request\n', isBase64Encoded: false };
  }
  return functionUrlResultOf(await callback.handle(callbackRequestOf(parsed.data)));
}
