import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAwsClients, type AwsClients } from '../shared/aws/aws-clients.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { LOCAL_STATE_PATH_ENV, localClientOptions, LocalStateSchema, type LocalState } from '../local/local-pipeline-contract.ts';
import { writeLocalState } from '../local/local-state.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { benchTopics } from './bench-posts.ts';
import { formatCount, formatRatio, formatSummary, median, summarise } from './bench-stats.ts';
import { createTableWithoutStream, fillTable } from './table-fill.ts';
import { startRequestCountingProxy, type RequestCountingProxy } from './request-counting-proxy.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LAUNCHER = join(REPO_ROOT, 'cli', 'feedline.js');
const STARTS = 15;
const LIST_RUNS = 5;
/** The sizes issue 11 measured `post list` and `sub list` at. */
const POSTS = 3_175;
const SUBSCRIPTIONS = 151;

/**
 * The CLI as an operator meets it, in fresh processes through the `feedline` launcher: start-up
 * (`--help`) against `node -e 0` on the same machine, then `post list` and `sub list` over a
 * table of issue 11's size, with the DynamoDB requests each makes counted by a proxy.
 */
export async function runCliBench(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) console.log('  note: dist/cli is missing, so this times tsx; run npm run build:cli first');
  await timeStartUp();
  await timeListings();
}

async function timeStartUp(): Promise<void> {
  const bare = await timeProcesses(['-e', '0'], STARTS);
  const help = await timeProcesses([LAUNCHER, '--help'], STARTS);
  const version = await timeProcesses([LAUNCHER, '--version'], STARTS);
  console.log(`${STARTS} fresh processes each (wall time, spawn to exit):`);
  console.log(`  node -e 0:          ${formatSummary(summarise(bare))}`);
  console.log(`  feedline --help:    ${formatSummary(summarise(help))}; ${formatRatio(median(help), median(bare))} node -e 0 (goal ≤ 6×)`);
  console.log(`  feedline --version: ${formatSummary(summarise(version))}; ${formatRatio(median(version), median(bare))} node -e 0`);
}

export async function timeProcesses(args: readonly string[], count: number, env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const startedAt = performance.now();
    await run(process.execPath, [...args], { cwd: REPO_ROOT, env, maxBuffer: 64 * 2 ** 20 });
    times.push(performance.now() - startedAt);
  }
  return times;
}

async function timeListings(): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ log: warningsOnlyJsonLog });
  const proxy = await startRequestCountingProxy(dynamoDb.endpoint);
  const folder = await mkdtemp(join(tmpdir(), 'feedline-cli-bench-'));
  const state = LocalStateSchema.parse({
    pid: process.pid,
    region: 'us-east-1',
    dynamoDbEndpoint: proxy.endpoint,
    // The list commands never reach S3; the contract wants an address all the same.
    s3Endpoint: 'http://127.0.0.1:9/',
    tableName: 'feedline-cli-bench',
    bucketName: 'feedline-cli-bench',
    feedServerUrl: 'http://127.0.0.1:9/',
  });
  const clients = createAwsClients(localClientOptions({ ...state, dynamoDbEndpoint: dynamoDb.endpoint }));
  try {
    await fill(clients, state);
    const statePath = join(folder, 'local.json');
    await writeLocalState(statePath, state);
    const env = { ...process.env, [LOCAL_STATE_PATH_ENV]: statePath };
    console.log(`\n${formatCount(POSTS)} posts (with their membership items) and ${formatCount(SUBSCRIPTIONS)} subscriptions in DynamoDB Local; ${LIST_RUNS} runs each:`);
    for (const command of [['post', 'list'], ['post', 'list', '--json'], ['sub', 'list'], ['sub', 'list', '--json']]) {
      await timeListing(command, env, proxy);
    }
  } finally {
    clients.documents.destroy();
    clients.dynamoDb.destroy();
    await proxy.close();
    await dynamoDb.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

async function fill({ documents, dynamoDb }: AwsClients, state: LocalState): Promise<void> {
  await createTableWithoutStream(dynamoDb, state.tableName);
  await fillTable({ documents, memberships: new FeedMembershipStore(documents, state.tableName), tableName: state.tableName, topics: benchTopics(8), posts: POSTS, concurrency: 2, firstPublishedAt: new Date('2025-01-01T00:00:00Z') });
  const subscriptions = new SubscriptionRegistry(documents, state.tableName);
  const ids = Array.from({ length: SUBSCRIPTIONS }, (_, index) => `bench-wire-${String(index).padStart(3, '0')}`);
  await mapWithConcurrency(ids, 8, (id) => subscriptions.add({ id, url: `https://${id}.example/rss.xml`, topics: [] }, new Date()));
}

export async function timeListing(command: readonly string[], env: NodeJS.ProcessEnv, proxy: RequestCountingProxy): Promise<void> {
  proxy.reset();
  const times = await timeProcesses([LAUNCHER, ...command], LIST_RUNS, env);
  const requests = [...proxy.counts()].map(([action, count]) => `${count / LIST_RUNS} ${action.replace(/^DynamoDB_\d+\./, '')}`).join(', ');
  console.log(`  feedline ${command.join(' ').padEnd(18)} ${formatSummary(summarise(times))}; per run: ${requests} (goal ≤ 1 s, O(pages))`);
}
