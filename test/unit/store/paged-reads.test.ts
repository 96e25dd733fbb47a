import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SdkDocumentTable } from '../../../shared/aws/sdk-document-table.ts';
import { ALL_FEED } from '../../../shared/feed/feed-id.ts';
import { ArchiveDirectory } from '../../../shared/store/archive-directory.ts';
import { FeedCatalog, type FeedCatalogEntry } from '../../../shared/store/feed-catalog.ts';
import { FeedMembershipStore } from '../../../shared/store/feed-membership-store.ts';
import { PollScheduleStore } from '../../../shared/store/poll-schedule-store.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { scanTable } from '../../../shared/store/table-scan.ts';
import { makePost } from '../../support/post-factory.ts';

const TABLE = 'posts';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const stub = mockClient(documents);
/** The stores' port over the mocked DocumentClient, as `createDynamoDbClients` builds it. */
const table = new SdkDocumentTable(documents);
/** Where the first page stopped, as DynamoDB reports it after 1 MB or `Limit` items. */
const RESUME_KEY = { pk: 'RESUME', sk: 'HERE' };

afterEach(() => stub.reset());

/** Answers the first call with `first` and a resume key, any later call with `second`. */
function twoPages(command: typeof QueryCommand | typeof ScanCommand, first: Record<string, unknown>[], second: Record<string, unknown>[]): void {
  stub.on(command).resolvesOnce({ Items: first, LastEvaluatedKey: RESUME_KEY }).resolves({ Items: second });
}

function lastStartKey(): unknown {
  return (stub.calls().at(-1)?.args[0] as { input: { ExclusiveStartKey?: unknown } }).input.ExclusiveStartKey;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

function subscriptionItem(id: string): Record<string, unknown> {
  return { pk: `SUB#${id}`, sk: 'SUB', dueShard: 1, id, url: `https://${id}.example/feed.xml`, topics: [], enabled: true, createdAt: '2026-11-01T00:00:00Z', nextFetchAt: '2026-11-01T00:00:00Z' };
}

function catalogEntry(feedId: string): FeedCatalogEntry {
  const links = { rss: `https://feeds.example/${feedId}.xml`, atom: `https://feeds.example/${feedId}.atom`, json: `https://feeds.example/${feedId}.json` };
  return { feedId, title: feedId, description: '', language: 'en', homePageUrl: 'https://example.org/', links, updated: '2026-11-20T10:00:00Z', items: [] };
}

describe('reads that span several DynamoDB pages', () => {
  it('scanTable yields the items of every page, resuming where each page stopped', async () => {
    twoPages(ScanCommand, [{ pk: 'a' }], [{ pk: 'b' }]);
    expect(await collect(scanTable(table, TABLE))).toEqual([{ pk: 'a' }, { pk: 'b' }]);
    expect(lastStartKey()).toEqual(RESUME_KEY);
  });

  it('PostStore.listAll reads posts from every page', async () => {
    const [first, second] = [makePost({ id: 'first' }), makePost({ id: 'second' })];
    twoPages(ScanCommand, [{ pk: 'POST#first', sk: 'POST', ...first }], [{ pk: 'POST#second', sk: 'POST', ...second }]);
    const results = await collect(new PostStore(table, TABLE).listAll());
    expect(results.map((result) => (result.ok ? result.post.id : result.error.message))).toEqual(['first', 'second']);
  });

  it('SubscriptionRegistry.listAll lists subscriptions from every page, sorted by id', async () => {
    twoPages(ScanCommand, [subscriptionItem('wire')], [subscriptionItem('agency')]);
    expect((await new SubscriptionRegistry(table, TABLE).listAll()).map((subscription) => subscription.id)).toEqual(['agency', 'wire']);
  });

  it('FeedCatalog.list reads entries from every page', async () => {
    twoPages(QueryCommand, [{ pk: 'CATALOG', sk: 'FEED#all', ...catalogEntry('all') }], [{ pk: 'CATALOG', sk: 'FEED#topics/russia', ...catalogEntry('topics/russia') }]);
    expect((await new FeedCatalog(table, TABLE).list()).map((entry) => entry.feedId)).toEqual(['all', 'topics/russia']);
    expect(lastStartKey()).toEqual(RESUME_KEY);
  });

  it('ArchiveDirectory.pages reads closed pages from every page', async () => {
    twoPages(QueryCommand, [{ pageNumber: 1, startSk: '', endSk: 'k5' }], [{ pageNumber: 2, startSk: 'k5', endSk: 'k9' }]);
    expect(await new ArchiveDirectory(table, TABLE).pages(ALL_FEED)).toEqual([
      { pageNumber: 1, startSk: '', endSk: 'k5' },
      { pageNumber: 2, startSk: 'k5', endSk: 'k9' },
    ]);
  });

  it('FeedMembershipStore.between reads members from every page and leaves out the one at endSk', async () => {
    const member = (id: string, sk: string) => ({ pk: 'FEED#all', sk, postId: id, post: makePost({ id }) });
    twoPages(QueryCommand, [member('older', 'k1')], [member('newer', 'k2'), member('next-page', 'k3')]);
    const posts = await new FeedMembershipStore(table, TABLE).between(ALL_FEED, 'k1', 'k3');
    expect(posts.map((post) => post.id)).toEqual(['older', 'newer']);
  });

  it('PollScheduleStore.due follows a shard onto its next page until it has `limit` subscriptions', async () => {
    const entry = (id: string, nextFetchAt: string) => ({ id, url: `https://${id}.example/`, nextFetchAt });
    stub.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      if (input.ExpressionAttributeValues?.[':shard'] !== 0) return { Items: [] };
      const resumeAt = input.ExclusiveStartKey?.pk;
      if (resumeAt === undefined) return { Items: [entry('a', '2026-11-01T00:00:00Z')], LastEvaluatedKey: RESUME_KEY };
      if (resumeAt === RESUME_KEY.pk) return { Items: [entry('b', '2026-11-02T00:00:00Z'), entry('c', '2026-11-03T00:00:00Z')], LastEvaluatedKey: { pk: 'MORE' } };
      return { Items: [entry('d', '2026-11-04T00:00:00Z')] };
    });
    const due = await new PollScheduleStore(table, TABLE).due(new Date('2026-12-01T00:00:00Z'), 2);
    expect(due.map((subscription) => subscription.id)).toEqual(['a', 'b']);
    // Four shards, one of them read twice; the page after `limit` is never asked for.
    expect(stub.commandCalls(QueryCommand)).toHaveLength(5);
  });
});
