import type { ScheduledEvent } from 'aws-lambda';
import { createSqsClient } from '../../shared/aws/sqs-client.ts';
import { loadPollSchedulerConfig } from '../../shared/config/poll-scheduler-config.ts';
import { DueDispatcher, type DueDispatchSummary } from '../../shared/ingest/fan-out/due-dispatch.ts';
import { SqsPollQueue } from '../../shared/ingest/fan-out/sqs-poll-queue.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { PollScheduleStore } from '../../shared/store/poll-schedule-store.ts';
import { bootstrapFunction } from '../bootstrap/bootstrap-function.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { config, clients, log, observe, traceClient } = bootstrapFunction({ service: METRIC_SERVICES.poller, loadConfig: loadPollSchedulerConfig });
const sqs = traceClient(createSqsClient({ region: config.aws.region, endpoint: config.sqsEndpoint }));
const dispatcher = new DueDispatcher({
  pollSchedule: new PollScheduleStore(clients.documents, config.tableName),
  queue: new SqsPollQueue(sqs, config.queueUrl),
  maxSubscriptionsPerRun: config.maxSubscriptionsPerRun,
  log,
});

/** EventBridge schedule → the due subscriptions, sent to the poll queue; the workers poll them. */
export const handler = observe(dispatchDue, (event: ScheduledEvent) => ({ scheduledAt: event.time }));

async function dispatchDue(event: ScheduledEvent): Promise<DueDispatchSummary> {
  log.debug('poll dispatch started', { scheduledAt: event.time });
  return dispatcher.dispatchDue();
}
