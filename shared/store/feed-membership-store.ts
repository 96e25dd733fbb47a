import type { DocumentTable } from './document-table.ts';
import { UnprocessedWritesError, batchWriteAll, type BatchWriteRequest } from './batch-writer.ts';
import type { Post } from '../post/post-schema.ts';
import { validatePost } from '../post/post-validation.ts';
import type { FeedId } from '../feed/feed-id.ts';
import { firstQueryItems, queryItems } from './paged-items.ts';
import { TABLE_KEYS, feedPartitionKey, membershipSortKey } from './table-design.ts';
import { type Sleep } from '../time/time-sources.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';

/** One change to a feed's membership: the post enters (or is refreshed in) a feed, or leaves it. */
export type MembershipWrite =
  | { kind: 'put'; feedId: FeedId; post: Post }
  | { kind: 'delete'; feedId: FeedId; publishedAt: string; postId: string };


export class MembershipWriteError extends Error {
  override readonly name = 'MembershipWriteError';
  constructor(
    message: string,
    readonly feedIds: FeedId[],
  ) {
    super(message);
  }
}

/**
 * Feed-membership items (`<prefix>FEED#<feed>` / `<publishedAt>#<postId>`) hold a copy of each
 * published post per feed, so the newest N of a feed is one strongly consistent Query (paged past
 * 1 MB): O(N) whatever the table (or the network of publications) holds, and never missing the
 * post whose stream record triggered the regeneration. One store serves one publication's feeds.
 */
export class FeedMembershipStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
    readonly publicationId: PublicationId = DEFAULT_PUBLICATION_ID,
    /** Replaceable so tests need not wait out the backoff. */
    private readonly sleep?: Sleep,
  ) {}

  /** Past the first page when need be: DynamoDB ends a page at 1 MB, and long posts fill one before `limit` do. */
  async newest(feedId: FeedId, limit: number): Promise<Post[]> {
    const items = await firstQueryItems(
      this.documents,
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        ExpressionAttributeValues: { ':pk': feedPartitionKey(this.publicationId, feedId) },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      limit,
    );
    return items.map((item) => validatePost(item.post));
  }

  /**
   * Membership sort keys from `startSk` on (all when ''), oldest first: enough to tell whether a
   * feed's tail holds more than a page, without reading the posts.
   */
  async sortKeysFrom(feedId: FeedId, startSk: string, limit: number): Promise<string[]> {
    // The 1 MB a page counts whole items, not the projected keys: long posts end a page early.
    const items = await firstQueryItems(
      this.documents,
      {
        TableName: this.tableName,
        KeyConditionExpression: startSk === '' ? '#pk = :pk' : '#pk = :pk AND #sk >= :start',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
        ExpressionAttributeValues: { ':pk': feedPartitionKey(this.publicationId, feedId), ...(startSk === '' ? {} : { ':start': startSk }) },
        ProjectionExpression: '#sk',
        ConsistentRead: true,
      },
      limit,
    );
    return items.map((item) => String(item[TABLE_KEYS.sortKey]));
  }

  /** Every post with a sort key in `[startSk, endSk)`: one archive page's members. */
  async between(feedId: FeedId, startSk: string, endSk: string): Promise<Post[]> {
    const posts: Post[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      // BETWEEN is inclusive and keys cannot be '': page 1 is "below endSk", others drop endSk itself.
      KeyConditionExpression: startSk === '' ? '#pk = :pk AND #sk < :end' : '#pk = :pk AND #sk BETWEEN :start AND :end',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: {
        ':pk': feedPartitionKey(this.publicationId, feedId),
        ':end': endSk,
        ...(startSk === '' ? {} : { ':start': startSk }),
      },
      ConsistentRead: true,
    });
    for await (const item of items) {
      if (item[TABLE_KEYS.sortKey] !== endSk) posts.push(validatePost(item.post));
    }
    return posts;
  }

  /** Applies writes in batches; each key must appear once (callers coalesce per key first). */
  async apply(writes: MembershipWrite[]): Promise<void> {
    try {
      await batchWriteAll(this.documents, this.tableName, writes.map((write) => this.toRequest(write)), this.sleep);
    } catch (error) {
      if (!(error instanceof UnprocessedWritesError)) throw error;
      throw new MembershipWriteError(`membership update incomplete: ${error.message}`, [...new Set(writes.map((write) => write.feedId))]);
    }
  }

  private toRequest(write: MembershipWrite): BatchWriteRequest {
    if (write.kind === 'delete') {
      return { DeleteRequest: { Key: membershipKey(write.feedId, write.publishedAt, write.postId, this.publicationId) } };
    }
    const key = membershipKey(write.feedId, write.post.publishedAt, write.post.id, this.publicationId);
    return { PutRequest: { Item: { ...key, postId: write.post.id, post: write.post } } };
  }
}

export function membershipKey(feedId: FeedId, publishedAt: string, postId: string, publicationId: PublicationId = DEFAULT_PUBLICATION_ID) {
  return {
    [TABLE_KEYS.partitionKey]: feedPartitionKey(publicationId, feedId),
    [TABLE_KEYS.sortKey]: membershipSortKey(publishedAt, postId),
  };
}
