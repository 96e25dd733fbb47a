import { performance } from 'node:perf_hooks';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DocumentTable } from '../shared/store/document-table.ts';
import { postsTableDefinition } from '../local/bootstrap.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { ALL_FEED, topicFeedId } from '../shared/feed/feed-id.ts';
import type { Post, Topic } from '../shared/post/post-schema.ts';
import { batchWriteAll } from '../shared/store/batch-writer.ts';
import type { FeedMembershipStore, MembershipWrite } from '../shared/store/feed-membership-store.ts';
import { postKey } from '../shared/store/table-design.ts';
import type { PublicationId } from '../shared/publication/publication-keys.ts';
import { benchPost, topicOf } from './bench-posts.ts';

/** Posts per unit of work: 10 post batches and 20 membership batches. */
const POSTS_PER_CHUNK = 250;

export interface FillOptions {
  documents: DocumentTable;
  memberships: FeedMembershipStore;
  tableName: string;
  topics: readonly Topic[];
  posts: number;
  /** Chunks in flight at once. */
  concurrency: number;
  /** One minute apart, oldest first, from here: post `n` is newer than every post before it. */
  firstPublishedAt: Date;
  onProgress?: (postsWritten: number, elapsedMs: number) => void;
}

/**
 * The posts table's keys without its stream. DynamoDB Local slows every write as its stream store
 * grows (measured here: ~500 items/s for the first 15,000 items, under 100 items/s soon after),
 * which would make a 100,000-post fill take far too long; the regeneration reads the same keys
 * either way, and no stream reader runs in this section.
 */
export async function createTableWithoutStream(dynamoDb: DynamoDBClient, tableName: string): Promise<void> {
  const { StreamSpecification: _stream, ...definition } = postsTableDefinition(tableName);
  await dynamoDb.send(new CreateTableCommand(definition));
}

export interface FillReport {
  posts: number;
  /** Post items plus membership items (one in `all`, one in the post's topic feed). */
  items: number;
  ms: number;
}

/**
 * Writes what the stream handler would have left behind, without the stream: each post item and
 * its membership items, in BatchWrites. Going through the stream would time the pump, not the table.
 */
export async function fillTable(options: FillOptions): Promise<FillReport> {
  const chunkStarts: number[] = [];
  for (let start = 0; start < options.posts; start += POSTS_PER_CHUNK) chunkStarts.push(start);
  const startedAt = performance.now();
  let written = 0;
  const results = await mapWithConcurrency(chunkStarts, options.concurrency, async (start) => {
    const posts = chunkPosts(options, start, Math.min(start + POSTS_PER_CHUNK, options.posts));
    await writePostItems(options.documents, options.tableName, options.memberships.publicationId, posts);
    await options.memberships.apply(posts.flatMap(membershipWrites));
    written += posts.length;
    options.onProgress?.(written, performance.now() - startedAt);
  });
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${chunkStarts.length} fill chunks failed`);
  return { posts: options.posts, items: options.posts * 3, ms: performance.now() - startedAt };
}

function chunkPosts(options: FillOptions, from: number, to: number): Post[] {
  const posts: Post[] = [];
  for (let index = from; index < to; index += 1) {
    posts.push(
      benchPost({
        id: `fill-${String(index).padStart(7, '0')}`,
        publishedAt: new Date(options.firstPublishedAt.getTime() + index * 60_000),
        topic: topicOf(index, options.topics),
        publication: options.memberships.publicationId,
      }),
    );
  }
  return posts;
}

function membershipWrites(post: Post): MembershipWrite[] {
  return [
    { kind: 'put', feedId: ALL_FEED, post },
    ...post.topics.map((topic): MembershipWrite => ({ kind: 'put', feedId: topicFeedId(topic.slug), post })),
  ];
}

/** Post items shaped exactly as `PostStore.put` writes them (in the memberships' publication). */
async function writePostItems(documents: DocumentTable, tableName: string, publicationId: PublicationId, posts: readonly Post[]): Promise<void> {
  await batchWriteAll(documents, tableName, posts.map((post) => ({ PutRequest: { Item: { ...postKey(publicationId, post.id), ...post } } })));
}
