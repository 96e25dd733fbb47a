/**
 * One poll run in a process of its own, so its peak RSS is the poller's alone: the synthetic
 * partners, DynamoDB Local and the bench's own bookkeeping live in other processes. Reads its
 * settings from `POLL_RUN_SETTINGS` (JSON) and prints one JSON line: the run's summary, wall time
 * and the kernel's peak RSS of this process (`process.resourceUsage().maxRSS`).
 *
 * Run by `bench/poll-bench.ts`; by hand:
 * `POLL_RUN_SETTINGS='{…}' node --import tsx bench/poll-run-process.ts`
 */
import { loopbackBenchFetcher } from './loopback-fetcher.ts';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { FeedPoller } from '../shared/ingest/feed-poller.ts';
import { DEFAULT_SCHEDULE } from '../shared/ingest/schedule/schedule-settings.ts';
import { SILENT_LOG } from '../shared/log/event-log.ts';
import { IngestedPostStore } from '../shared/store/ingested-post-store.ts';
import { PollScheduleStore } from '../shared/store/poll-schedule-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';

export const PollRunSettingsSchema = z.object({
  dynamoDbEndpoint: z.url(),
  tableName: z.string().min(1),
  subscriptions: z.number().int().min(0),
  concurrency: z.number().int().min(1),
  /** The run's clock is this far from now: two days on, every subscription is due again. */
  clockOffsetMs: z.number().int(),
});

export type PollRunSettings = z.infer<typeof PollRunSettingsSchema>;

export const PollRunReportSchema = z.object({
  summary: z.object({ polled: z.number(), notModified: z.number(), changed: z.number(), unchanged: z.number(), failed: z.number(), itemsCreated: z.number(), itemsUpdated: z.number() }),
  wallMs: z.number(),
  maxRssMb: z.number(),
  heapUsedMb: z.number(),
});

export type PollRunReport = z.infer<typeof PollRunReportSchema>;

async function main(): Promise<void> {
  const settings = PollRunSettingsSchema.parse(JSON.parse(process.env.POLL_RUN_SETTINGS ?? '{}'));
  const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: settings.dynamoDbEndpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const fetcher = loopbackBenchFetcher();
  const poller = new FeedPoller({
    fetcher,
    posts: new IngestedPostStore(clients.documents, settings.tableName),
    subscriptions: new SubscriptionRegistry(clients.documents, settings.tableName),
    pollSchedule: new PollScheduleStore(clients.documents, settings.tableName),
    schedule: DEFAULT_SCHEDULE,
    run: { concurrency: settings.concurrency, maxSubscriptionsPerRun: Math.max(1, settings.subscriptions), leaseMs: 300_000 },
    maxItemsPerFeed: 200,
    log: SILENT_LOG,
    clock: () => new Date(Date.now() + settings.clockOffsetMs),
  });
  try {
    const started = performance.now();
    const summary = await poller.runDue();
    const report: PollRunReport = {
      summary,
      wallMs: performance.now() - started,
      // Kilobytes on Linux: the kernel's high-water mark, sampled by nobody, missed by nothing.
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await fetcher.close();
    clients.dynamoDb.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
