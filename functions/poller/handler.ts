import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadPollerConfig } from '../../shared/config/poller-env.ts';
import { createFeedPoller } from '../../shared/ingest/create-feed-poller.ts';
import type { PollRunSummary } from '../../shared/ingest/poll-run.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { config, clients, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.poller, loadConfig: loadPollerConfig });
const { poller } = createFeedPoller({ documents: clients.documents, config, log });

if (config.fetch.policy.allowPrivateNetworks) {
  log.warn('SSRF guard disabled (POLL_ALLOW_PRIVATE_ADDRESSES=true): private and loopback addresses are reachable');
}

/**
 * Stop starting new subscriptions this long before Lambda's deadline: one fetch may take the full
 * timeout, and its items and state must still be written. What is not started stays due.
 */
const SAFETY_MARGIN_MS = config.fetch.timeoutMs + 5_000;

/** EventBridge schedule → one poll run over the due subscriptions. */
export const handler = observe(pollDue, (event: ScheduledEvent) => ({ scheduledAt: event.time }));

async function pollDue(event: ScheduledEvent, context: Context): Promise<PollRunSummary> {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  log.info('poll run started', { scheduledAt: event.time });
  const summary = await poller.runDue({ deadline });
  // A run with nothing due reports nothing: the error-ratio alarm treats no data as no polls.
  if (summary.polled > 0) {
    metrics.count(COUNT_METRICS.feedsPolled, summary.polled);
    metrics.count(COUNT_METRICS.pollErrors, summary.failed + summary.gone);
    metrics.count(COUNT_METRICS.itemsIngested, summary.itemsCreated + summary.itemsUpdated);
  }
  return summary;
}
