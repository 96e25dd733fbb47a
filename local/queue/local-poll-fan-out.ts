import type { ScheduledEvent } from 'aws-lambda';
import { createSqsClient } from '../../shared/aws/sqs-client.ts';
import type { DueDispatchSummary } from '../../shared/ingest/fan-out/due-dispatch.ts';
import { POLL_QUEUE } from '../../shared/ingest/fan-out/poll-queue-settings.ts';
import { EMULATOR_CREDENTIALS } from '../emulators/emulator-credentials.ts';
import type { JsonLog } from '../emulators/json-line-log.ts';
import { LOCAL_POLLER_FUNCTION, localLambdaContext, type LocalFunction } from '../lambda-context.ts';
import type { LocalQueueDefinition } from './local-queue.ts';
import { SqsEventSource } from './sqs-event-source.ts';
import { startSqsStandIn } from './sqs-stand-in.ts';

export const LOCAL_POLL_QUEUE = 'feedline-poll';
export const LOCAL_POLL_DEAD_LETTERS = 'feedline-poll-dlq';

/** The poll worker as infra/constructs/feed-poller-functions.ts configures it. */
export const LOCAL_POLL_WORKER_FUNCTION: LocalFunction = { functionName: 'feedline-poll-worker', timeoutMs: POLL_QUEUE.workerTimeoutSeconds * 1000, memoryLimitInMB: 1024 };

/** The two queues of the stack's `FeedPollerFunctions`, with its visibility timeout and redrive policy. */
export const LOCAL_POLL_QUEUES: readonly LocalQueueDefinition[] = [
  {
    name: LOCAL_POLL_QUEUE,
    visibilityTimeoutSeconds: POLL_QUEUE.visibilityTimeoutSeconds,
    redrive: { deadLetterQueueName: LOCAL_POLL_DEAD_LETTERS, maxReceiveCount: POLL_QUEUE.maxReceiveCount },
  },
  { name: LOCAL_POLL_DEAD_LETTERS, visibilityTimeoutSeconds: 30 },
];

export interface LocalPollFanOutOptions {
  region: string;
  /** The poller settings both handler modules read from `process.env` when they load. */
  environment: Record<string, string>;
  log: JsonLog;
}

export interface LocalPollFanOut {
  /** One scheduled invocation of the scheduler module, as EventBridge makes it; resolves once the workers have emptied the queue. */
  pollNow(): Promise<DueDispatchSummary>;
  stop(): Promise<void>;
}

/**
 * The ingest fan-out of the stack on this machine: the local SQS stand-in with the poll queue and
 * its dead-letter queue, the very scheduler module (`functions/poller/handler.ts`) sending to it
 * through the SQS client, and a local event source invoking the very worker module
 * (`functions/poll-worker/handler.ts`) with SQS events, batch size and concurrency as deployed.
 */
export async function startLocalPollFanOut(options: LocalPollFanOutOptions): Promise<LocalPollFanOut> {
  const standIn = await startSqsStandIn({ queues: LOCAL_POLL_QUEUES, log: options.log });
  try {
    const queueUrl = standIn.queueUrl(LOCAL_POLL_QUEUE);
    Object.assign(process.env, options.environment, { POLL_QUEUE_URL: queueUrl, SQS_ENDPOINT: standIn.endpoint, POLL_CONCURRENCY: String(POLL_QUEUE.batchSize) });
    const [scheduler, worker] = await Promise.all([import('../../functions/poller/handler.ts'), import('../../functions/poll-worker/handler.ts')]);
    const sqs = createSqsClient({ region: options.region, endpoint: standIn.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
    const source = SqsEventSource.start({
      sqs,
      queueUrl,
      queueArn: standIn.queueArn(LOCAL_POLL_QUEUE),
      awsRegion: options.region,
      handler: worker.handler,
      function: LOCAL_POLL_WORKER_FUNCTION,
      batchSize: POLL_QUEUE.batchSize,
      maxConcurrency: POLL_QUEUE.maxConcurrency,
      log: options.log,
    });
    const dispatch = () => scheduler.handler(scheduledEvent(options.region), localLambdaContext(LOCAL_POLLER_FUNCTION, { region: options.region }));
    return {
      pollNow: async () => {
        const summary = await dispatch();
        await source.drain({ timeoutMs: LOCAL_POLL_WORKER_FUNCTION.timeoutMs });
        return summary;
      },
      stop: async () => {
        await source.stop();
        sqs.destroy();
        await standIn.stop();
      },
    };
  } catch (error) {
    await standIn.stop();
    throw error;
  }
}

function scheduledEvent(region: string): ScheduledEvent {
  return { version: '0', id: 'local', 'detail-type': 'Scheduled Event', source: 'aws.events', account: 'local', time: new Date().toISOString(), region, resources: [], detail: {} };
}
