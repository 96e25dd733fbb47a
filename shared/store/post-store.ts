import type { DocumentTable } from './document-table.ts';
import { publicationOfPost, type Post } from '../post/post-schema.ts';
import { PostValidationError, parsePostStoredAs, type PostParseResult } from '../post/post-validation.ts';
import { DEFAULT_PUBLICATION_ID, publicationKeyPrefix, type PublicationId } from '../publication/publication-keys.ts';
import { scanItems } from './paged-items.ts';
import { MalformedPostKeyError, POST_PK_PREFIX, POST_SK, TABLE_KEYS, parsePostPartitionKey, postKey } from './table-design.ts';

/**
 * Posts as written by the CMS or the CLI: one item per post, the only kind the stream publishes.
 * A post lives in its publication's partition; reads name the publication (default: the default
 * publication, whose keys predate publications).
 */
export class PostStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  async put(post: Post): Promise<void> {
    await this.documents.put({ TableName: this.tableName, Item: { ...postKey(publicationOfPost(post), post.id), ...post } });
  }

  /** Returns whether a post was there to delete. */
  async delete(postId: string, publicationId: PublicationId = DEFAULT_PUBLICATION_ID): Promise<boolean> {
    const result = await this.documents.delete({ TableName: this.tableName, Key: postKey(publicationId, postId), ReturnValues: 'ALL_OLD' });
    return result.Attributes !== undefined;
  }

  async get(postId: string, publicationId: PublicationId = DEFAULT_PUBLICATION_ID): Promise<PostParseResult | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: postKey(publicationId, postId), ConsistentRead: true });
    return result.Item ? parsePostItem(result.Item) : undefined;
  }

  /**
   * Every post item of a publication, drafts and invalid ones included, for the operator's
   * `post list --all-items`. The one Scan in the system: an admin listing, never on the publish
   * path, whose cost grows with the table.
   */
  async *listAll(publicationId: PublicationId = DEFAULT_PUBLICATION_ID): AsyncGenerator<PostParseResult> {
    const items = scanItems(this.documents, {
      TableName: this.tableName,
      FilterExpression: 'begins_with(#pk, :prefix) AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: { ':prefix': `${publicationKeyPrefix(publicationId)}${POST_PK_PREFIX}`, ':sk': POST_SK },
    });
    for await (const item of items) yield parsePostItem(item);
  }
}

/**
 * The post a post item holds, checked against the post and publication its key names: an image
 * naming another post or publication is invalid, so no reader acts on it as that post.
 */
export function parsePostItem(item: Record<string, unknown>): PostParseResult {
  const pk = item[TABLE_KEYS.partitionKey];
  try {
    return parsePostStoredAs(parsePostPartitionKey(typeof pk === 'string' ? pk : ''), postFields(item));
  } catch (error) {
    if (!(error instanceof MalformedPostKeyError)) throw error;
    return { ok: false, error: new PostValidationError([{ field: TABLE_KEYS.partitionKey, reason: error.message }]) };
  }
}

/** Strips the table's key attributes from an item, leaving the post as written. */
export function postFields(item: Record<string, unknown>): Record<string, unknown> {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.sortKey]: _sk, ...fields } = item;
  return fields;
}
