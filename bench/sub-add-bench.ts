/**
 * `feedline sub add` as an operator runs it, in fresh processes through the launcher, against
 * DynamoDB Local behind a request-counting proxy. The one validation fetch (the command reads
 * the feed to name the subscription) is served by a partner feed on 127.0.0.1, so its network
 * time is nearly nil and what remains is the command's own cost. Issue 11's goal: at most 0.5 s
 * plus that fetch.
 *
 * Run: `npm run bench -- subadd`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { createTable } from '../local/bootstrap.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { LOCAL_STATE_PATH_ENV, localClientOptions, LocalStateSchema } from '../local/local-pipeline-contract.ts';
import { writeLocalState } from '../local/local-state.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { formatRatio, formatSummary, median, summarise } from './bench-stats.ts';
import { LAUNCHER, timeProcesses } from './cli-bench.ts';
import { startRequestCountingProxy } from './request-counting-proxy.ts';
import { syntheticRss } from './synthetic-partner-feeds.ts';

const RUNS = 9;
const GOAL_MS = 500;
const REPO_ROOT = new URL('..', import.meta.url);

/** Partner feed `n` at `/feeds/<n>.xml`, titled "Partner n": each run subscribes a new feed and id. */
async function startPartnerFeeds(): Promise<{ server: Server; urlOf(index: number): string; served(): number }> {
  let served = 0;
  const server = createServer((request, response) => {
    const index = Number(/^\/feeds\/(\d+)\.xml$/.exec(request.url ?? '')?.[1] ?? Number.NaN);
    if (!Number.isInteger(index)) return response.writeHead(404).end();
    served += 1;
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(syntheticRss(index, 0, 10));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, urlOf: (index) => `http://127.0.0.1:${port}/feeds/${index}.xml`, served: () => served };
}

export async function runSubAddBench(): Promise<void> {
  if (!existsSync(new URL('dist/cli/main.js', REPO_ROOT))) console.log('  note: dist/cli is missing, so this times tsx; run npm run build:cli first');
  const dynamoDb = await startDynamoDbLocal({ log: warningsOnlyJsonLog });
  const proxy = await startRequestCountingProxy(dynamoDb.endpoint);
  const partners = await startPartnerFeeds();
  const folder = await mkdtemp(join(tmpdir(), 'feedline-sub-add-bench-'));
  const state = LocalStateSchema.parse({
    pid: process.pid,
    region: 'us-east-1',
    dynamoDbEndpoint: proxy.endpoint,
    // `sub add` never reaches S3; the contract wants an address all the same.
    s3Endpoint: 'http://127.0.0.1:9/',
    tableName: 'feedline-sub-add-bench',
    bucketName: 'feedline-sub-add-bench',
    feedServerUrl: 'http://127.0.0.1:9/',
  });
  const clients = createAwsClients(localClientOptions({ ...state, dynamoDbEndpoint: dynamoDb.endpoint }));
  try {
    await createTable(clients.dynamoDb, state.tableName);
    const statePath = join(folder, 'local.json');
    await writeLocalState(statePath, state);
    const env = { ...process.env, [LOCAL_STATE_PATH_ENV]: statePath };
    const bare = await timeProcesses(['-e', '0'], RUNS);
    proxy.reset();
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) times.push(...(await timeProcesses([LAUNCHER, 'sub', 'add', partners.urlOf(run), '--topic', 'kazakhstan'], 1, env)));
    const requests = [...proxy.counts()].map(([action, count]) => `${count / RUNS} ${action.replace(/^DynamoDB_\d+\./, '')}`).join(', ');
    console.log(`${RUNS} fresh processes each (wall time, spawn to exit); each \`sub add\` names a new feed served on 127.0.0.1:`);
    console.log(`  node -e 0:                ${formatSummary(summarise(bare))}`);
    console.log(`  feedline sub add <url>:   ${formatSummary(summarise(times))}; ${formatRatio(median(times), median(bare))} node -e 0`);
    console.log(`  per run: ${partners.served() / RUNS} feed fetch(es); DynamoDB: ${requests}`);
    console.log(`  goal: ≤ ${GOAL_MS} ms plus the one validation fetch (on loopback, a few ms): ${median(times) <= GOAL_MS ? 'met' : 'NOT met'}`);
  } finally {
    clients.documents.destroy();
    clients.dynamoDb.destroy();
    await new Promise((resolve) => partners.server.close(resolve));
    await proxy.close();
    await dynamoDb.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runSubAddBench();
}
