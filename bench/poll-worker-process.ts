/**
 * One poll worker in a process of its own, as one Lambda instance: the worker's own wiring
 * (`loadPollerConfig`, `createFeedPoller`, `PollWorker`) under the local SQS event source, one
 * batch of 10 at a time. Unlike `functions/poll-worker/handler.ts` it resolves every partner host
 * to 127.0.0.1 (the synthetic partners have made-up host names, so the per-host limit applies as
 * in life) and has no Powertools. Started by `bench/fan-out-bench.ts` with `fork`; it says
 * `ready`, and on `stop` stops and reports what it polled, its CPU time and its peak RSS.
 */
import { z } from 'zod';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { createSqsClient } from '../shared/aws/sqs-client.ts';
import { loadPollerConfig } from '../shared/config/poller-config.ts';
import { createFeedPoller } from '../shared/ingest/create-feed-poller.ts';
import { POLL_QUEUE } from '../shared/ingest/fan-out/poll-queue-settings.ts';
import { PollWorker } from '../shared/ingest/fan-out/poll-worker.ts';
import { SILENT_LOG } from '../shared/log/event-log.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { LOCAL_POLL_WORKER_FUNCTION } from '../local/queue/local-poll-fan-out.ts';
import { SqsEventSource } from '../local/queue/sqs-event-source.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';

export const PollWorkerSettingsSchema = z.object({
  dynamoDbEndpoint: z.url(),
  tableName: z.string().min(1),
  sqsEndpoint: z.url(),
  queueUrl: z.url(),
  queueArn: z.string().min(1),
});

export type PollWorkerSettings = z.infer<typeof PollWorkerSettingsSchema>;

export const PollWorkerReportSchema = z.object({
  polled: z.number(),
  itemsWritten: z.number(),
  failed: z.number(),
  /** From `ready` to `stop`: the polling, not the start-up. */
  cpuMs: z.number(),
  maxRssMb: z.number(),
});

export type PollWorkerReport = z.infer<typeof PollWorkerReportSchema>;

async function main(): Promise<void> {
  const settings = PollWorkerSettingsSchema.parse(JSON.parse(process.env.POLL_WORKER_SETTINGS ?? '{}'));
  const config = loadPollerConfig({ TABLE_NAME: settings.tableName, POLL_CONCURRENCY: String(POLL_QUEUE.batchSize), FETCH_TIMEOUT_MS: '10000' });
  const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: settings.dynamoDbEndpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const wired = createFeedPoller({
    documents: clients.documents,
    // The guard stays on; only loopback, where the partners are, is let through.
    config: { ...config, fetch: { ...config.fetch, policy: { allowPrivateNetworks: false, allowedAddresses: ['127.0.0.1'] } } },
    log: SILENT_LOG,
    resolver: async () => [{ address: '127.0.0.1', family: 4 }],
  });
  const worker = new PollWorker({ poller: wired.poller, log: SILENT_LOG });
  const totals = { polled: 0, itemsWritten: 0, failed: 0 };
  const sqs = createSqsClient({ region: 'us-east-1', endpoint: settings.sqsEndpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const source = SqsEventSource.start({
    sqs,
    queueUrl: settings.queueUrl,
    queueArn: settings.queueArn,
    awsRegion: 'us-east-1',
    handler: async (event) => {
      const { summary, failedMessageIds } = await worker.pollMessages(event.Records.map((record) => ({ messageId: record.messageId, body: record.body })));
      totals.polled += summary.polled;
      totals.itemsWritten += summary.itemsCreated + summary.itemsUpdated;
      totals.failed += summary.failed + summary.gone;
      return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
    },
    function: LOCAL_POLL_WORKER_FUNCTION,
    batchSize: POLL_QUEUE.batchSize,
    maxConcurrency: 1,
    waitTimeSeconds: 1,
    log: warningsOnlyJsonLog,
  });
  // CPU from here on: the polling, not tsx compiling this process's modules.
  const cpuAtReady = process.cpuUsage();
  process.send?.('ready');
  process.once('message', async () => {
    await source.stop();
    await wired.close();
    sqs.destroy();
    clients.dynamoDb.destroy();
    const cpu = process.cpuUsage(cpuAtReady);
    const report: PollWorkerReport = { ...totals, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.send?.(report, () => process.exit(0));
  });
}

if (process.send) await main();
