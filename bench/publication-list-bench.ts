import type { AwsClients } from '../shared/aws/aws-clients.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { ALL_FEED, topicFeedId } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { publicationKeyPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { batchWriteAll, type BatchWriteRequest } from '../shared/store/batch-writer.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { PublicationStore } from '../shared/store/publication-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { feedPartitionKey, membershipSortKey, postKey } from '../shared/store/table-design.ts';
import type { LocalState } from '../local/local-pipeline-contract.ts';
import { benchPost, benchTopics, topicOf } from './bench-posts.ts';
import { formatCount, formatSummary, summarise } from './bench-stats.ts';
import { withCliAgainstDynamoDbLocal } from './cli-against-dynamodb-local.ts';
import { LAUNCHER, timeListing, timeProcesses } from './cli-processes.ts';
import { createTableWithoutStream, fillTable } from './table-fill.ts';

/** Issue 11's sizes, per publication: posts and subscriptions of the one listed. */
const POSTS = 3_000;
const SUBSCRIPTIONS = 150;
const LISTED: PublicationId = 'ru';
const TOPICS = benchTopics(8);

/**
 * `post list` and `sub list` of one publication in a network table, in fresh processes through
 * the `feedline` launcher: the default publication holds as much again, so a listing that read
 * beyond its own publication (a Scan, a Query per item) would show in the time and the requests.
 */
export async function runPublicationListBench(): Promise<void> {
  await withCliAgainstDynamoDbLocal('pub-list', fill, async ({ env, proxy }) => {
    console.log(
      `publication ${LISTED}: ${formatCount(POSTS)} published posts and ${formatCount(SUBSCRIPTIONS)} subscriptions; ` +
        `the default publication as many again, in one DynamoDB Local table:`,
    );
    // Start-up alone, measured alongside: on a loaded machine it is most of a listing's time.
    const startUp = await timeProcesses([LAUNCHER, '--version'], 5, env);
    console.log(`  feedline --version (start-up only)      ${formatSummary(summarise(startUp))}`);
    for (const command of [['post', 'list'], ['post', 'list', '--json'], ['sub', 'list'], ['sub', 'list', '--json']]) {
      await timeListing([...command, '--publication', LISTED], env, proxy);
    }
  });
}

async function fill({ documents, dynamoDb }: AwsClients, state: LocalState): Promise<void> {
  await createTableWithoutStream(dynamoDb, state.tableName);
  const firstPublishedAt = new Date('2025-01-01T00:00:00Z');
  await fillTable({ documents, memberships: new FeedMembershipStore(documents, state.tableName), tableName: state.tableName, topics: TOPICS, posts: POSTS, concurrency: 2, firstPublishedAt });
  await new PublicationStore(documents, state.tableName).add({
    id: LISTED,
    title: 'Bench Russian service',
    description: 'The publication the bench lists.',
    siteUrl: 'https://ru.humanrights.example.org/',
    feedBaseUrl: 'http://127.0.0.1:9/pubs/ru/',
    language: 'ru',
    tagAuthority: 'ru.humanrights.example.org,2026',
  });
  const posts = Array.from({ length: POSTS }, (_, index): Post => ({
    ...benchPost({ id: `ru-${String(index).padStart(5, '0')}`, publishedAt: new Date(firstPublishedAt.getTime() + index * 60_000), topic: topicOf(index, TOPICS) }),
    publication: LISTED,
  }));
  await batchWriteAll(documents, state.tableName, posts.flatMap(publicationItems));
  const subscriptions = new SubscriptionRegistry(documents, state.tableName);
  for (const publication of ['default', LISTED]) {
    const ids = Array.from({ length: SUBSCRIPTIONS }, (_, index) => `${publication}-wire-${String(index).padStart(3, '0')}`);
    await mapWithConcurrency(ids, 8, (id) => subscriptions.add({ id, url: `https://${id}.example/rss.xml`, topics: [], publication }, new Date()));
  }
}

/** The post item and the membership items the stream handler leaves for a post of the publication. */
function publicationItems(post: Post): BatchWriteRequest[] {
  const prefix = publicationKeyPrefix(LISTED);
  const membership = (feedId: string): BatchWriteRequest => ({
    PutRequest: { Item: { pk: `${prefix}${feedPartitionKey(feedId)}`, sk: membershipSortKey(post.publishedAt, post.id), postId: post.id, post } },
  });
  return [{ PutRequest: { Item: { ...postKey(LISTED, post.id), ...post } } }, membership(ALL_FEED), ...post.topics.map((topic) => membership(topicFeedId(topic.slug)))];
}
