import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../post/post-schema.ts';
import { parsePostStoredAs, type PostParseResult } from '../post/post-validation.ts';
import { scanItems } from './paged-items.ts';
import { POST_PK_PREFIX, POST_SK, TABLE_KEYS, postKey } from './table-design.ts';

/** Posts as written by the CMS or the CLI: one item per post, the only kind the stream publishes. */
export class PostStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(post: Post): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...postKey(post.id), ...post } }),
    );
  }

  /** Returns whether a post was there to delete. */
  async delete(postId: string): Promise<boolean> {
    const result = await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: postKey(postId), ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  async get(postId: string): Promise<PostParseResult | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: postKey(postId), ConsistentRead: true }),
    );
    return result.Item ? parsePostItem(result.Item) : undefined;
  }

  /**
   * Every post, for the operator's `post list`. This is the one Scan in the system: an admin
   * listing, never on the publish path, whose cost grows with the table.
   */
  async *listAll(): AsyncGenerator<PostParseResult> {
    const items = scanItems(this.documents, {
      TableName: this.tableName,
      FilterExpression: 'begins_with(#pk, :prefix) AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: { ':prefix': POST_PK_PREFIX, ':sk': POST_SK },
    });
    for await (const item of items) yield parsePostItem(item);
  }
}

/**
 * The post a `POST#<id>` item holds, checked against the id its key names: an image naming
 * another post is invalid, so no reader acts on it as that post.
 */
export function parsePostItem(item: Record<string, unknown>): PostParseResult {
  const pk = item[TABLE_KEYS.partitionKey];
  const keyPostId = typeof pk === 'string' ? pk.slice(POST_PK_PREFIX.length) : '';
  return parsePostStoredAs(keyPostId, postFields(item));
}

/** Strips the table's key attributes from an item, leaving the post as written. */
export function postFields(item: Record<string, unknown>): Record<string, unknown> {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.sortKey]: _sk, ...fields } = item;
  return fields;
}
