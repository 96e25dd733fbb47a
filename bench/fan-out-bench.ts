/**
 * The poll fan-out at scale: 10,000 subscriptions served on 127.0.0.1, sent to the queue by the
 * scheduler and polled by 1, 2 and 4 workers, each a process of its own (`poll-worker-process.ts`)
 * taking one batch of 10 at a time, as one Lambda instance does. Prints throughput, each
 * worker's peak RSS and how busy its CPU was, which shows where the limit is: workers near 100 %
 * of a core are the limit; workers well below it wait on something else (here DynamoDB Local,
 * which shares the machine's cores).
 *
 * Run: `npm run bench -- fanout`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createAwsClients, type AwsClients } from '../shared/aws/aws-clients.ts';
import { createSqsClient } from '../shared/aws/sqs-client.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { DueDispatcher } from '../shared/ingest/fan-out/due-dispatch.ts';
import { POLL_QUEUE } from '../shared/ingest/fan-out/poll-queue-settings.ts';
import { SqsPollQueue } from '../shared/ingest/fan-out/sqs-poll-queue.ts';
import { SILENT_LOG } from '../shared/log/event-log.ts';
import { PollScheduleStore } from '../shared/store/poll-schedule-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { LOCAL_POLL_QUEUE, LOCAL_POLL_QUEUES } from '../local/queue/local-poll-fan-out.ts';
import { startSqsStandIn, type RunningSqsStandIn } from '../local/queue/sqs-stand-in.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { PollWorkerReportSchema, type PollWorkerReport, type PollWorkerSettings } from './poll-worker-process.ts';
import { startReportingChild, stopReportingChild, type ReportingChildScript } from './reporting-child.ts';
import { startSyntheticPartners, type SyntheticPartners } from './synthetic-partner-feeds.ts';
import { createTableWithoutStream } from './table-fill.ts';

export interface FanOutBenchOptions {
  subscriptions?: number;
  workerCounts?: readonly number[];
}

/** Partners spread over this many host names (all 127.0.0.1), so the per-host limit applies as in life. */
const HOSTS = 100;
const ITEMS_PER_FEED = 2;
const WORKER_PROCESS: ReportingChildScript<PollWorkerReport> = {
  script: fileURLToPath(new URL('./poll-worker-process.ts', import.meta.url)),
  settingsVariable: 'POLL_WORKER_SETTINGS',
  label: 'poll worker',
  parseReport: (message) => PollWorkerReportSchema.parse(message),
};

interface Run {
  workers: number;
  wallMs: number;
  reports: PollWorkerReport[];
}

export async function runFanOutBench(options: FanOutBenchOptions = {}): Promise<void> {
  const count = options.subscriptions ?? 10_000;
  const dynamoDb = await startDynamoDbLocal({ log: warningsOnlyJsonLog });
  const partners = await startSyntheticPartners(count, ITEMS_PER_FEED);
  const standIn = await startSqsStandIn({ queues: LOCAL_POLL_QUEUES, log: warningsOnlyJsonLog });
  const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: dynamoDb.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const sqs = createSqsClient({ region: 'us-east-1', endpoint: standIn.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  try {
    console.log(`  ${count} subscriptions over ${HOSTS} host names, first poll (80 % new feeds of ${ITEMS_PER_FEED} items, 10 % 500, 10 % 404); batches of ${POLL_QUEUE.batchSize}, one at a time per worker`);
    console.log(`  ${'workers'.padEnd(8)} ${'wall'.padStart(8)} ${'polls/s'.padStart(8)} ${'peak RSS per worker'.padStart(22)} ${'worker CPU busy'.padStart(16)}`);
    for (const workers of options.workerCounts ?? [1, 2, 4]) {
      const tableName = `fan-out-bench-${workers}`;
      await fillSubscriptions(clients, tableName, count, partners);
      const run = await pollWithWorkers(workers, { clients, tableName, standIn, sqs, dynamoDbEndpoint: dynamoDb.endpoint });
      printRun(run, count);
    }
    console.log(`  (2 cores shared by DynamoDB Local, the partners, the queue and the workers; load ${os.loadavg()[0]?.toFixed(1)} at the end)`);
  } finally {
    sqs.destroy();
    clients.dynamoDb.destroy();
    await standIn.stop();
    await partners.close();
    await dynamoDb.stop();
  }
}

async function fillSubscriptions(clients: AwsClients, tableName: string, count: number, partners: SyntheticPartners): Promise<void> {
  await createTableWithoutStream(clients.dynamoDb, tableName);
  const registry = new SubscriptionRegistry(clients.documents, tableName);
  const hostOf = (index: number) => `partner-${index % HOSTS}.bench.test`;
  const addedAt = new Date(Date.now() - 1_000);
  const indexes = Array.from({ length: count }, (_, index) => index);
  const added = await mapWithConcurrency(indexes, 16, (index) =>
    registry.add({ id: `partner-${index}`, url: partners.urlOf(index, hostOf), topics: [{ slug: 'wire', label: 'Wire' }] }, addedAt),
  );
  const failed = added.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

interface RunContext {
  clients: AwsClients;
  tableName: string;
  standIn: RunningSqsStandIn;
  sqs: ReturnType<typeof createSqsClient>;
  dynamoDbEndpoint: string;
}

/** Starts the workers, then times one scheduler run until the queue is empty. */
async function pollWithWorkers(workers: number, context: RunContext): Promise<Run> {
  const settings: PollWorkerSettings = {
    dynamoDbEndpoint: context.dynamoDbEndpoint,
    tableName: context.tableName,
    sqsEndpoint: context.standIn.endpoint,
    queueUrl: context.standIn.queueUrl(LOCAL_POLL_QUEUE),
    queueArn: context.standIn.queueArn(LOCAL_POLL_QUEUE),
  };
  const children = await Promise.all(Array.from({ length: workers }, () => startReportingChild(WORKER_PROCESS, settings)));
  const dispatcher = new DueDispatcher({
    pollSchedule: new PollScheduleStore(context.clients.documents, context.tableName),
    queue: new SqsPollQueue(context.sqs, settings.queueUrl),
    maxSubscriptionsPerRun: 100_000,
    log: SILENT_LOG,
  });
  const started = performance.now();
  await dispatcher.dispatchDue();
  await queueEmptied(context.standIn);
  const wallMs = performance.now() - started;
  const reports = await Promise.all(children.map((child) => stopReportingChild(WORKER_PROCESS, child)));
  return { workers, wallMs, reports };
}


/** The queue holds nothing, visible or in flight: every message was polled and deleted. */
async function queueEmptied(standIn: RunningSqsStandIn): Promise<void> {
  const queue = standIn.queue(LOCAL_POLL_QUEUE);
  for (;;) {
    const counts = queue.counts();
    if (counts.visible === 0 && counts.inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printRun(run: Run, count: number): void {
  const polled = run.reports.reduce((sum, report) => sum + report.polled, 0);
  const rss = run.reports.map((report) => report.maxRssMb);
  const busy = run.reports.map((report) => (100 * report.cpuMs) / run.wallMs);
  const range = (values: number[], unit: string) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ${unit}`;
  const note = polled === count ? '' : ` (polled ${polled} of ${count})`;
  console.log(
    `  ${String(run.workers).padEnd(8)} ${`${(run.wallMs / 1000).toFixed(1)} s`.padStart(8)} ${Math.round((polled * 1000) / run.wallMs).toString().padStart(8)} ${range(rss, 'MB').padStart(22)} ${range(busy, '%').padStart(16)}${note}`,
  );
}
