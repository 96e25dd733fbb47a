/**
 * `feedline sub add` as an operator runs it, in fresh processes through the launcher, against
 * DynamoDB Local behind a request-counting proxy. The one validation fetch (the command reads
 * the feed to name the subscription) is served by a partner feed on 127.0.0.1, so its network
 * time is nearly nil and what remains is the command's own cost. Issue 11's goal: at most 0.5 s
 * plus that fetch.
 *
 * Run: `npm run bench -- subadd`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { AwsClients } from '../shared/aws/aws-clients.ts';
import { createTable } from '../local/bootstrap.ts';
import type { LocalState } from '../local/local-pipeline-contract.ts';
import { formatRatio, formatSummary, median, summarise } from './bench-stats.ts';
import { withCliAgainstDynamoDbLocal, type CliBenchTarget } from './cli-against-dynamodb-local.ts';
import { LAUNCHER, noteWhenCliIsNotBuilt, requestsPerRun, timeProcesses } from './cli-processes.ts';
import { syntheticRss } from './synthetic-partner-feeds.ts';

const RUNS = 9;
const GOAL_MS = 500;

interface PartnerFeeds {
  server: Server;
  urlOf(index: number): string;
  served(): number;
}

/** Partner feed `n` at `/feeds/<n>.xml`, titled "Partner n": each run subscribes a new feed and id. */
async function startPartnerFeeds(): Promise<PartnerFeeds> {
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
  noteWhenCliIsNotBuilt();
  const partners = await startPartnerFeeds();
  try {
    await withCliAgainstDynamoDbLocal('sub-add', createEmptyTable, (target) => timeSubAdd(target, partners));
  } finally {
    await new Promise((resolve) => partners.server.close(resolve));
  }
}

async function createEmptyTable({ dynamoDb }: AwsClients, { tableName }: LocalState): Promise<void> {
  await createTable(dynamoDb, tableName);
}

async function timeSubAdd({ env, proxy }: CliBenchTarget, partners: PartnerFeeds): Promise<void> {
  const bare = await timeProcesses(['-e', '0'], RUNS);
  proxy.reset();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) times.push(...(await timeProcesses([LAUNCHER, 'sub', 'add', partners.urlOf(run), '--topic', 'kazakhstan'], 1, env)));
  console.log(`${RUNS} fresh processes each (wall time, spawn to exit); each \`sub add\` names a new feed served on 127.0.0.1:`);
  console.log(`  node -e 0:                ${formatSummary(summarise(bare))}`);
  console.log(`  feedline sub add <url>:   ${formatSummary(summarise(times))}; ${formatRatio(median(times), median(bare))} node -e 0`);
  console.log(`  per run: ${partners.served() / RUNS} feed fetch(es); DynamoDB: ${requestsPerRun(proxy, RUNS)}`);
  console.log(`  goal: ≤ ${GOAL_MS} ms plus the one validation fetch (on loopback, a few ms): ${median(times) <= GOAL_MS ? 'met' : 'NOT met'}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runSubAddBench();
}
