import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ALL_FEED } from '../feed/feed-id.ts';
import { publicationKeyPrefix, type PublicationId } from '../publication/publication-keys.ts';
import { TABLE_KEYS, feedPartitionKey } from './table-design.ts';

/** What `post list` shows of a published post. */
export interface PublishedPostSummary {
  id: string;
  title: string;
  publishedAt: string;
  status: string;
}

/**
 * A publication's published posts, newest first, read from its `all` feed's membership partition
 * (which holds a copy of every published post): a paged Query, so listing thousands costs
 * O(pages) requests, never one per post and never a Scan. Drafts and invalid post items are not
 * there; `PostStore.listAll` scans for those.
 */
export class PublishedPosts {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Summaries only: the projection leaves the bodies on the server. */
  async *summaries(publicationId: PublicationId): AsyncGenerator<PublishedPostSummary> {
    const fields = ['id', 'title', 'publishedAt', 'status'] as const;
    for await (const item of this.pages(publicationId, {
      ProjectionExpression: fields.map((field) => `#post.#${field}`).join(', '),
      ExpressionAttributeNames: { '#post': 'post', ...Object.fromEntries(fields.map((field) => [`#${field}`, field])) },
    })) {
      const post = item.post as Record<string, unknown> | undefined;
      yield { id: String(post?.id), title: String(post?.title), publishedAt: String(post?.publishedAt), status: String(post?.status) };
    }
  }

  /** The posts as published (each membership item's copy). */
  async *posts(publicationId: PublicationId): AsyncGenerator<Record<string, unknown>> {
    for await (const item of this.pages(publicationId, {})) yield item.post as Record<string, unknown>;
  }

  /** How many posts the publication has published: a counting Query, no items returned. */
  async count(publicationId: PublicationId): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({ ...this.allFeedQuery(publicationId), Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  private async *pages(
    publicationId: PublicationId,
    projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> },
  ): AsyncGenerator<Record<string, unknown>> {
    const query = this.allFeedQuery(publicationId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          ...query,
          ...projection,
          ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...projection.ExpressionAttributeNames },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      yield* page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
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
