/**
 * One poll run over 1,000 subscriptions served on 127.0.0.1: six in ten answer 304, two in ten
 * changed since the last run, one in ten 500 and one 404. Prints wall time, requests per second,
 * peak memory and items written, then parse throughput against plain rss-parser on the same
 * input, each parser in its own process. Each run is a process of its own
 * (`poll-run-process.ts`), so its peak RSS is the poller's, not the partners' or the bench's.
 *
 * Run: `npm run bench -- poll`, or on its own `node --import tsx bench/poll-bench.ts`.
 */
import { loopbackBenchFetcher } from './loopback-fetcher.ts';
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { decodeBody } from '../shared/ingest/decode/decode-body.ts';
import { parseFeed } from '../shared/ingest/parse/parse-feed.ts';
import type { HttpFetcher } from '../shared/ingest/fetch/http-fetcher.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { createTable } from '../local/bootstrap.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { PollRunReportSchema, type PollRunReport, type PollRunSettings } from './poll-run-process.ts';
import { startSyntheticPartners } from './synthetic-partner-feeds.ts';

export interface PollBenchOptions {
  subscriptions?: number;
  itemsPerFeed?: number;
  concurrency?: number;
}

const TABLE = 'poll-bench';
/** Partners spread over this many host names (all 127.0.0.1), so the per-host limit applies as in life. */
const HOSTS = 100;
const DAY_MS = 24 * 3_600_000;

export async function runPollBench(options: PollBenchOptions = {}): Promise<void> {
  const count = options.subscriptions ?? 1_000;
  const itemsPerFeed = options.itemsPerFeed ?? 5;
  const concurrency = options.concurrency ?? 32;
  const quiet = () => undefined;
  const dynamoDb = await startDynamoDbLocal({ log: quiet });
  const partners = await startSyntheticPartners(count, itemsPerFeed);
  const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: dynamoDb.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const fetcher = loopbackBenchFetcher();
  try {
    await createTable(clients.dynamoDb, TABLE);
    const subscriptions = new SubscriptionRegistry(clients.documents, TABLE);
    const hostOf = (index: number) => `partner-${index % HOSTS}.bench.test`;
    const addedAt = new Date(Date.now() - 1_000);
    for (let index = 0; index < count; index += 1) {
      await subscriptions.add({ id: `partner-${index}`, url: partners.urlOf(index, hostOf), topics: [{ slug: 'wire', label: 'Wire' }] }, addedAt);
    }
    const runAt = (clockOffsetMs: number) =>
      runPollProcess({ dynamoDbEndpoint: dynamoDb.endpoint, tableName: TABLE, subscriptions: count, concurrency, clockOffsetMs }, () => partners.requests);
    // Nothing is due a day ago: what the process takes before it polls anything.
    report('idle run (nothing due: the process, its modules and clients)', await runAt(-DAY_MS));
    report(`first run (every feed new: ${count} subscriptions, ${itemsPerFeed} items each)`, await runAt(0));
    partners.generation = 1;
    // Two days on, every subscription is due again, failing ones included (their backoff is shorter).
    report('steady-state run (60 % 304, 20 % changed, 10 % 500, 10 % 404)', await runAt(2 * DAY_MS));
    await reportFetchAndParseOnly(fetcher, count, (index) => partners.urlOf(index, hostOf), concurrency);
  } finally {
    await fetcher.close();
    clients.dynamoDb.destroy();
    await partners.close();
    await dynamoDb.stop();
  }
  await reportParseThroughput();
}

interface Measured extends PollRunReport {
  requests: number;
}

const execFileAsync = promisify(execFile);
const POLL_RUN_SCRIPT = fileURLToPath(new URL('./poll-run-process.ts', import.meta.url));

async function runPollProcess(settings: PollRunSettings, requests: () => number): Promise<Measured> {
  const requestsBefore = requests();
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', POLL_RUN_SCRIPT], {
    env: { ...process.env, POLL_RUN_SETTINGS: JSON.stringify(settings) },
    maxBuffer: 1 << 20,
  });
  const measured = PollRunReportSchema.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
  return { ...measured, requests: requests() - requestsBefore };
}

function report(title: string, measured: Measured): void {
  const { summary } = measured;
  console.log(`  ${title}`);
  console.log(`    wall time        ${(measured.wallMs / 1000).toFixed(2)} s for ${summary.polled} subscriptions`);
  console.log(`    requests/s       ${Math.round((measured.requests * 1000) / measured.wallMs)} (${measured.requests} HTTP requests)`);
  console.log(`    outcomes         ${summary.notModified} not modified, ${summary.changed} changed, ${summary.unchanged} unchanged, ${summary.failed} failed`);
  console.log(`    items written    ${summary.itemsCreated} new, ${summary.itemsUpdated} updated`);
  console.log(`    peak memory      ${measured.maxRssMb.toFixed(0)} MB RSS (the poll's own process; partners and DynamoDB Local not included), ${measured.heapUsedMb.toFixed(0)} MB heap at the end`);
}

/**
 * The same 1,000 fetches (unconditional, so every healthy feed is a 200 to decode and parse) with
 * no table at all: the poller's own capacity, apart from the emulator's write throughput.
 */
async function reportFetchAndParseOnly(fetcher: HttpFetcher, count: number, urlOf: (index: number) => string, concurrency: number): Promise<void> {
  const indexes = Array.from({ length: count }, (_, index) => index);
  const started = performance.now();
  const results = await mapWithConcurrency(indexes, concurrency, async (index) => {
    const response = await fetcher.fetch({ url: urlOf(index), validators: {} });
    return response.kind === 'fetched' ? (await parseFeed(decodeBody(response.body, response.contentType).text)).items.length : 0;
  });
  const wallMs = performance.now() - started;
  const parsed = results.filter((result) => result.status === 'fulfilled').length;
  console.log('  fetch, decode and parse only (no table): the poller without DynamoDB Local');
  console.log(`    wall time        ${(wallMs / 1000).toFixed(2)} s for ${count} fetches (${parsed} parsed, ${count - parsed} HTTP errors); ${Math.round((count * 1000) / wallMs)} requests/s`);
}

const THROUGHPUT_SCRIPT = fileURLToPath(new URL('./parse-throughput.ts', import.meta.url));

async function reportParseThroughput(): Promise<void> {
  console.log('  parse throughput on a ~200 KB RSS (220 items), each in a fresh process');
  const results: Record<string, { mbPerSecond: number; itemsPerSecond: number; bytes: number }> = {};
  for (const candidate of ['rss-parser', 'feedline', 'feedline-normalised']) {
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', THROUGHPUT_SCRIPT, candidate]);
    results[candidate] = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  }
  const plain = results['rss-parser']?.mbPerSecond ?? Number.NaN;
  for (const [candidate, result] of Object.entries(results)) {
    const ratio = candidate === 'rss-parser' ? '' : ` (${(result.mbPerSecond / plain).toFixed(2)}× plain rss-parser)`;
    console.log(`    ${candidate.padEnd(20)} ${result.mbPerSecond.toFixed(1)} MB/s, ${Math.round(result.itemsPerSecond)} items/s${ratio}`);
  }
  console.log('    feedline = charset decoding + entity guard + one saxes pass with mapping; -normalised adds sanitising and post validation');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  console.log('Poll run: 1,000 subscriptions on 127.0.0.1');
  await runPollBench();
}
