import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createAwsClients } from '../../shared/aws/aws-clients.ts';
import { loadPollerConfig } from '../../shared/config/poller-env.ts';
import { createFeedPoller } from '../../shared/ingest/create-feed-poller.ts';
import type { PollRunSummary } from '../../shared/ingest/poll-run.ts';
import { powertoolsEventLog } from '../../shared/log/powertools-event-log.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const config = loadPollerConfig(process.env);
const logger = new Logger({ serviceName: 'feedline-poller' });
const { poller } = createFeedPoller({ documents: createAwsClients(config.aws).documents, config, log: powertoolsEventLog(logger) });

if (config.fetch.policy.allowPrivateNetworks) {
  logger.warn('SSRF guard disabled (POLL_ALLOW_PRIVATE_ADDRESSES=true): private and loopback addresses are reachable');
}

/**
 * Stop starting new subscriptions this long before Lambda's deadline: one fetch may take the full
 * timeout, and its items and state must still be written. What is not started stays due.
 */
const SAFETY_MARGIN_MS = config.fetch.timeoutMs + 5_000;

/** EventBridge schedule → one poll run over the due subscriptions. */
export async function handler(event: ScheduledEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<PollRunSummary> {
  logger.info('poll run started', { scheduledAt: event.time });
  return poller.runDue({ deadline: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS });
}
