import { createHash } from 'node:crypto';
import type { DocumentTable } from './document-table.ts';
import { publicationOfPost, type Post } from '../post/post-schema.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';
import { succeedsUnlessConditionFails } from './conditional-write.ts';
import { CONTENT_HASH_ATTRIBUTE, TABLE_KEYS, postKey } from './table-design.ts';
import { sleepInRealTime, type Sleep } from '../time/time-sources.ts';

/** What a poll needs to know about an item it may have written before. */
export interface StoredItemState {
  contentHash: string;
  publishedAt: string;
}

export type IngestWrite = 'created' | 'updated' | 'unchanged';

/** DynamoDB allows 100 keys per BatchGetItem. */
const BATCH_GET_LIMIT = 100;
const UNPROCESSED_RETRIES = 8;

/** SHA-256 of the post as it would be stored: any visible difference changes it. */
export function contentHashOf(post: Post): string {
  return createHash('sha256').update(JSON.stringify(post)).digest('base64url');
}

/**
 * Posts written by the poller. They are ordinary post items (the stream publishes them like any
 * other) plus a content hash, so that only new or changed items are ever written: an unchanged
 * poll writes nothing and so regenerates nothing.
 */
export class IngestedPostStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
    private readonly sleep: Sleep = sleepInRealTime,
  ) {}

  /**
   * The stored hash and date of each id that exists in the publication's partition; eventually
   * consistent is enough (the write is conditional).
   */
  async states(postIds: string[], publicationId: PublicationId = DEFAULT_PUBLICATION_ID): Promise<Map<string, StoredItemState>> {
    const states = new Map<string, StoredItemState>();
    for (let start = 0; start < postIds.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = postIds.slice(start, start + BATCH_GET_LIMIT).map((id) => postKey(publicationId, id));
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt > UNPROCESSED_RETRIES) throw new Error(`${keys.length} keys still unprocessed after ${UNPROCESSED_RETRIES} BatchGetItem retries`);
        if (attempt > 0) await this.sleep(Math.min(1000, 25 * 2 ** attempt));
        const result = await this.documents.batchGet({
          RequestItems: {
            [this.tableName]: {
              Keys: keys,
              ProjectionExpression: '#id, #hash, #published',
              ExpressionAttributeNames: { '#id': 'id', '#hash': CONTENT_HASH_ATTRIBUTE, '#published': 'publishedAt' },
            },
          },
        });
        for (const item of result.Responses?.[this.tableName] ?? []) {
          if (typeof item.id === 'string' && typeof item.publishedAt === 'string') {
            states.set(item.id, { contentHash: String(item[CONTENT_HASH_ATTRIBUTE] ?? ''), publishedAt: item.publishedAt });
          }
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return states;
  }

  /**
   * Writes the post, in its publication's partition, unless the stored one has the same hash, or is newer (a concurrent or
   * delayed poll must never put an older version over a newer one). The condition makes this
   * safe without locks; a refused write is simply `unchanged`.
   */
  async write(post: Post, contentHash: string, known: boolean): Promise<IngestWrite> {
    const written = await succeedsUnlessConditionFails(
      this.documents.put({
        TableName: this.tableName,
        Item: { ...postKey(publicationOfPost(post), post.id), ...post, [CONTENT_HASH_ATTRIBUTE]: contentHash },
        ConditionExpression: 'attribute_not_exists(#pk) OR (#hash <> :hash AND #updated <= :updated)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#hash': CONTENT_HASH_ATTRIBUTE, '#updated': 'updatedAt' },
        ExpressionAttributeValues: { ':hash': contentHash, ':updated': post.updatedAt },
      }),
    );
    if (!written) return 'unchanged';
    return known ? 'updated' : 'created';
  }
}
