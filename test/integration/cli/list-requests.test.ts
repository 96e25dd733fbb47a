import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { validatePost } from '../../../shared/post/post-validation.ts';
import { batchWriteAll, type BatchWriteRequest } from '../../../shared/store/batch-writer.ts';
import { PublishedPosts } from '../../../shared/store/published-posts.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { membershipSortKey } from '../../../shared/store/table-design.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { postInput } from '../../support/post-factory.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('list-requests');
const POSTS = 500;
const SUBSCRIPTIONS = 40;
const commands: string[] = [];

/** What the stream handler leaves in a publication's all feed (`prefix` is its key prefix). */
function membershipItems(prefix: string, publication: 'ru' | undefined): BatchWriteRequest[] {
  return Array.from({ length: POSTS }, (_, index) => {
    const publishedAt = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
    const post = validatePost(postInput({ id: `${publication ?? 'default'}-${index}`, publishedAt, updatedAt: publishedAt, contentHtml: `<p>${'Witness statement. '.repeat(200)}</p>`, ...(publication ? { publication } : {}) }));
    return { PutRequest: { Item: { pk: `${prefix}FEED#all`, sk: membershipSortKey(post.publishedAt, post.id), postId: post.id, post } } };
  });
}

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await batchWriteAll(clients.documents, tableName, [...membershipItems('PUB#ru#', 'ru'), ...membershipItems('', undefined)]);
  const registry = new SubscriptionRegistry(clients.documents, tableName);
  for (const publication of ['ru', 'default']) {
    for (let index = 0; index < SUBSCRIPTIONS; index += 1) {
      await registry.add({ id: `${publication}-wire-${index}`, url: `https://${publication}-${index}.example.org/rss.xml`, topics: [], publication }, new Date());
    }
  }
  clients.dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? '');
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

afterAll(() => destroyClients(clients));

describe('the list commands’ reads, per publication', () => {
  it('lists a publication’s published posts with Queries of its all feed, newest first and each once, never a Scan', async () => {
    commands.length = 0;
    const ids: string[] = [];
    for await (const summary of new PublishedPosts(clients.documents, tableName).summaries('ru')) ids.push(summary.id);
    expect(ids).toEqual(Array.from({ length: POSTS }, (_, index) => `ru-${POSTS - 1 - index}`));
    expect(new Set(commands)).toEqual(new Set(['QueryCommand']));
    // About 2 KB a post: the oldest and newest keys, then four date ranges read at once, a page or two each; never one request per post.
    expect(commands.length).toBeGreaterThan(1);
    expect(commands.length).toBeLessThanOrEqual(2 + 4 * 2);
  });

  it('lists the same posts in full for --json, newest first', async () => {
    const ids: unknown[] = [];
    for await (const post of new PublishedPosts(clients.documents, tableName).posts('ru')) ids.push(post.id);
    expect(ids).toEqual(Array.from({ length: POSTS }, (_, index) => `ru-${POSTS - 1 - index}`));
  });

  it('lists nothing, with no error, for a publication without posts', async () => {
    const ids: string[] = [];
    for await (const summary of new PublishedPosts(clients.documents, tableName).summaries('fa')) ids.push(summary.id);
    expect(ids).toEqual([]);
  });

  it('counts a publication’s published posts without reading them one by one', async () => {
    commands.length = 0;
    expect(await new PublishedPosts(clients.documents, tableName).count('ru')).toBe(POSTS);
    expect(new Set(commands)).toEqual(new Set(['QueryCommand']));
    expect(commands.length).toBeLessThan(6);
  });

  it('lists a publication’s subscriptions with one Query of the index, and only its own', async () => {
    commands.length = 0;
    const subscriptions = await new SubscriptionRegistry(clients.documents, tableName).listByPublication('ru');
    expect(subscriptions).toHaveLength(SUBSCRIPTIONS);
    expect(subscriptions.every((subscription) => subscription.publication === 'ru' && subscription.id.startsWith('ru-'))).toBe(true);
    expect(commands).toEqual(['QueryCommand']);
  });
});
