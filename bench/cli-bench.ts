import type { AwsClients } from '../shared/aws/aws-clients.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import type { LocalState } from '../local/local-pipeline-contract.ts';
import { benchTopics } from './bench-posts.ts';
import { formatCount, formatRatio, formatSummary, median, summarise } from './bench-stats.ts';
import { withCliAgainstDynamoDbLocal } from './cli-against-dynamodb-local.ts';
import { LAUNCHER, LIST_RUNS, noteWhenCliIsNotBuilt, timeListing, timeProcesses } from './cli-processes.ts';
import { createTableWithoutStream, fillTable } from './table-fill.ts';

const STARTS = 15;
/** The sizes issue 11 measured `post list` and `sub list` at. */
const POSTS = 3_175;
const SUBSCRIPTIONS = 151;

/**
 * The CLI as an operator meets it, in fresh processes through the `feedline` launcher: start-up
 * (`--help`) against `node -e 0` on the same machine, then `post list` and `sub list` over a
 * table of issue 11's size, with the DynamoDB requests each makes counted by a proxy.
 */
export async function runCliBench(): Promise<void> {
  noteWhenCliIsNotBuilt();
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

async function timeListings(): Promise<void> {
  await withCliAgainstDynamoDbLocal('cli', fill, async ({ env, proxy }) => {
    console.log(`\n${formatCount(POSTS)} posts (with their membership items) and ${formatCount(SUBSCRIPTIONS)} subscriptions in DynamoDB Local; ${LIST_RUNS} runs each:`);
    for (const command of [['post', 'list'], ['post', 'list', '--json'], ['sub', 'list'], ['sub', 'list', '--json']]) {
      await timeListing(command, env, proxy);
    }
  });
}

async function fill({ documents, dynamoDb }: AwsClients, state: LocalState): Promise<void> {
  await createTableWithoutStream(dynamoDb, state.tableName);
  await fillTable({ documents, memberships: new FeedMembershipStore(documents, state.tableName), tableName: state.tableName, topics: benchTopics(8), posts: POSTS, concurrency: 2, firstPublishedAt: new Date('2025-01-01T00:00:00Z') });
  const subscriptions = new SubscriptionRegistry(documents, state.tableName);
  const ids = Array.from({ length: SUBSCRIPTIONS }, (_, index) => `bench-wire-${String(index).padStart(3, '0')}`);
  await mapWithConcurrency(ids, 8, (id) => subscriptions.add({ id, url: `https://${id}.example/rss.xml`, topics: [] }, new Date()));
}
