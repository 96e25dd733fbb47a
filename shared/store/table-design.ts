/**
 * The whole key design of the single posts table lives here; the CDK stack, the local bootstrap
 * and the stores all read it from this module.
 *
 * | item            | pk              | sk                          |
 * | --------------- | --------------- | --------------------------- |
 * | post            | `POST#<id>`     | `POST`                      |
 * | feed membership | `FEED#<feedId>` | `<publishedAt>#<postId>`    |
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

export const POST_PK_PREFIX = 'POST#';
export const POST_SK = 'POST';
export const FEED_PK_PREFIX = 'FEED#';

export function postKey(postId: string): { pk: string; sk: string } {
  return { pk: `${POST_PK_PREFIX}${postId}`, sk: POST_SK };
}

export function feedPartitionKey(feedId: string): string {
  return `${FEED_PK_PREFIX}${feedId}`;
}

/** ISO-8601 UTC timestamps sort lexicographically, so the newest items come last in key order. */
export function membershipSortKey(publishedAt: string, postId: string): string {
  return `${publishedAt}#${postId}`;
}

/**
 * Lambda event-source filter: only post items reach the stream handler. Written in the
 * EventBridge pattern language that Lambda filter criteria use; the local stream pump evaluates
 * the same pattern so both runtimes see the same records.
 */
export const POST_RECORD_FILTER_PATTERN = {
  dynamodb: {
    Keys: {
      [TABLE_KEYS.sortKey]: { S: [POST_SK] },
    },
  },
} as const;
