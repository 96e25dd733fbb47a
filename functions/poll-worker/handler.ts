import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadPollerConfig } from '../../shared/config/poller-config.ts';
import { createFeedPoller } from '../../shared/ingest/create-feed-poller.ts';
import { PollWorker } from '../../shared/ingest/fan-out/poll-worker.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
// Same service as the scheduler: the poll alarms read one `feedline-poller` dimension.
const { config, clients, log, metrics, observe } = bootstrapFunction({ service: METRIC_SERVICES.poller, loadConfig: loadPollerConfig });
const { poller } = createFeedPoller({ documents: clients.documents, config, log });
const worker = new PollWorker({ poller, log });

if (config.fetch.policy.allowPrivateNetworks) {
  log.warn('SSRF guard disabled (POLL_ALLOW_PRIVATE_ADDRESSES=true): private and loopback addresses are reachable');
}

/**
 * Stop starting new subscriptions this long before Lambda's deadline: one fetch may take the full
 * timeout, and its items and state must still be written. What is not started is handed back.
 */
const SAFETY_MARGIN_MS = config.fetch.timeoutMs + 5_000;

/** SQS batch of due subscriptions → claim and poll each → the messages to deliver again. */
export const handler = observe(pollBatch, (event: SQSEvent) => ({ messages: event.Records.length }));

async function pollBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  const messages = event.Records.map((record) => ({ messageId: record.messageId, body: record.body }));
  const { summary, failedMessageIds } = await worker.pollMessages(messages, { deadline });
  // A batch of duplicates polls nothing: the error-ratio alarm treats no data as no polls.
  if (summary.polled > 0) {
    metrics.count(COUNT_METRICS.feedsPolled, summary.polled);
    metrics.count(COUNT_METRICS.pollErrors, summary.failed + summary.gone);
    metrics.count(COUNT_METRICS.itemsIngested, summary.itemsCreated + summary.itemsUpdated);
  }
  return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
}
