import type { DocumentTable } from './document-table.ts';
import { countQueryItems, queryItems } from './paged-items.ts';
import { ALL_FEED } from '../feed/feed-id.ts';
import { publicationKeyPrefix, type PublicationId } from '../publication/publication-keys.ts';
import { sortKeyCondition, sortKeySegments, type SortKeySegment } from './sort-key-segments.ts';
import { TABLE_KEYS, feedPartitionKey } from './table-design.ts';

/** What `post list` shows of a published post. */
export interface PublishedPostSummary {
  id: string;
  title: string;
  publishedAt: string;
  status: string;
}

/** Ranges of the partition read at once by a listing (see sort-key-segments.ts). */
const CONCURRENT_RANGES = 4;

/**
 * A publication's published posts, newest first, read from its `all` feed's membership partition
 * (which holds a copy of every published post): paged Queries over a few ranges of dates read
 * concurrently, so listing thousands costs O(pages) requests, never one per post and never a
 * Scan. Drafts and invalid post items are not there; `PostStore.listAll` scans for those.
 */
export class PublishedPosts {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /** Summaries only: the projection leaves the bodies on the server. */
  async *summaries(publicationId: PublicationId): AsyncGenerator<PublishedPostSummary> {
    const fields = ['id', 'title', 'publishedAt', 'status'] as const;
    const items = this.newestFirst(publicationId, {
      ProjectionExpression: fields.map((field) => `#post.#${field}`).join(', '),
      ExpressionAttributeNames: { '#post': 'post', ...Object.fromEntries(fields.map((field) => [`#${field}`, field])) },
    });
    for await (const item of items) {
      const post = item.post as Record<string, unknown> | undefined;
      yield { id: String(post?.id), title: String(post?.title), publishedAt: String(post?.publishedAt), status: String(post?.status) };
    }
  }

  /** The posts as published (each membership item's copy). */
  async *posts(publicationId: PublicationId): AsyncGenerator<Record<string, unknown>> {
    for await (const item of this.newestFirst(publicationId, {})) yield item.post as Record<string, unknown>;
  }

  /** How many posts the publication has published: a counting Query, no items returned. */
  async count(publicationId: PublicationId): Promise<number> {
    return countQueryItems(this.documents, this.allFeedQuery(publicationId));
  }

  /**
   * Every item of the partition, newest first: its ranges are read concurrently and handed on in
   * order, the newest as soon as it is complete while the older ones are still being read.
   */
  private async *newestFirst(publicationId: PublicationId, projection: Projection): AsyncGenerator<Record<string, unknown>> {
    const ends = await this.endSortKeys(publicationId);
    if (ends === undefined) return;
    const reads = sortKeySegments(ends.oldest, ends.newest, CONCURRENT_RANGES).map((segment) => this.readRange(publicationId, segment, projection));
    // Each read's failure is reported when its turn comes; the ones after it are no longer awaited.
    for (const read of reads) read.catch(() => undefined);
    for (const read of reads) yield* await read;
  }

  /** The oldest and newest sort keys: two one-item Queries, or `undefined` when the partition is empty. */
  private async endSortKeys(publicationId: PublicationId): Promise<{ oldest: string; newest: string } | undefined> {
    const end = async (newestFirst: boolean) => {
      const query = this.allFeedQuery(publicationId);
      const page = await this.documents.query({
        ...query,
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#sk': TABLE_KEYS.sortKey },
        ProjectionExpression: '#sk',
        ScanIndexForward: !newestFirst,
        Limit: 1,
      });
      const sortKey = page.Items?.[0]?.[TABLE_KEYS.sortKey];
      return typeof sortKey === 'string' ? sortKey : undefined;
    };
    const [oldest, newest] = await Promise.all([end(false), end(true)]);
    return oldest === undefined || newest === undefined ? undefined : { oldest, newest };
  }

  private async readRange(publicationId: PublicationId, segment: SortKeySegment, projection: Projection): Promise<Record<string, unknown>[]> {
    const query = this.allFeedQuery(publicationId);
    const range = sortKeyCondition(segment);
    const items: Record<string, unknown>[] = [];
    const rangeItems = queryItems(this.documents, {
      ...query,
      ...projection,
      KeyConditionExpression: `${query.KeyConditionExpression}${range.expression}`,
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...range.names, ...projection.ExpressionAttributeNames },
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...range.values },
      ScanIndexForward: false,
    });
    for await (const item of rangeItems) items.push(item);
    return items;
  }

  private allFeedQuery(publicationId: PublicationId) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
      // The publication's prefix before the default publication's key of the feed partition.
      ExpressionAttributeValues: { ':pk': `${publicationKeyPrefix(publicationId)}${feedPartitionKey(ALL_FEED)}` },
    };
  }
}

interface Projection {
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
