/**
 * The whole key design of the single posts table lives here; the CDK stack, the local bootstrap
 * and the stores all read it from this module.
 *
 * | item            | pk              | sk                          |
 * | --------------- | --------------- | --------------------------- |
 * | post            | `POST#<id>`     | `POST`                      |
 * | feed membership | `FEED#<feedId>` | `<publishedAt>#<postId>`    |
 * | subscription    | `SUB#<id>`      | `SUB`                       |
 * | unsubscribe asked of a hub | `SUB#<id>` | `UNSUBSCRIBE#<token>`  |
 * | catalog entry   | `CATALOG`       | `FEED#<feedId>`             |
 * | archive meta    | `ARCHIVE#<feedId>` | `META`                   |
 * | archive page    | `ARCHIVE#<feedId>` | `PAGE#<startSk>`         |
 *
 * Archive items (RFC 5005 pages of a feed's history) have their own partition prefix and never
 * `sk = POST`, so feed queries, the rebuild's scan, the due index and the stream filter skip them.
 *
 * Global secondary index `due` (sparse, keys-only projection plus what a poll run needs):
 *
 * | item                      | `dueShard` (partition) | `nextFetchAt` (sort)  |
 * | ------------------------- | ---------------------- | --------------------- |
 * | enabled subscription      | `0`…`DUE_SHARD_COUNT-1`| ISO-8601 UTC instant  |
 *
 * A disabled subscription has no `dueShard` attribute, so it is not in the index at all; "due now"
 * is one Query per shard (`dueShard = :s AND nextFetchAt <= :now`), never a Scan.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

/**
 * The table's TTL attribute (epoch seconds): DynamoDB deletes an item some time after it, with no
 * IAM permission needed, for records no function may delete (a pending unsubscribe).
 */
export const TIME_TO_LIVE_ATTRIBUTE = 'expiresAt';

export const POST_PK_PREFIX = 'POST#';
export const POST_SK = 'POST';
export const FEED_PK_PREFIX = 'FEED#';
export const SUBSCRIPTION_PK_PREFIX = 'SUB#';
export const SUBSCRIPTION_SK = 'SUB';
/** Its own item beside the subscription's, because it must outlive `sub remove`. */
export const PENDING_UNSUBSCRIBE_SK_PREFIX = 'UNSUBSCRIBE#';
export const ARCHIVE_PK_PREFIX = 'ARCHIVE#';
export const ARCHIVE_META_SK = 'META';
export const ARCHIVE_PAGE_SK_PREFIX = 'PAGE#';
/**
 * The feed catalog: one item per subscription feed in a single partition, so the index page and
 * the OPML are one Query whatever the number of feeds. Its sort key is never `POST` (the stream
 * filter drops it), it has no `dueShard` (not in the due index), and its partition key does not
 * start with `FEED#` or `POST#` (the rebuild scan and the reconciler pass it by).
 */
export const CATALOG_PK = 'CATALOG';
export const CATALOG_SK_PREFIX = 'FEED#';

/**
 * The due index. Shards spread the index's write traffic (every poll moves `nextFetchAt`) over
 * several partitions instead of one hot key; a run queries all of them. Changing the count means
 * rewriting `dueShard` on every subscription, so it is a constant, not a setting.
 */
export const DUE_INDEX = {
  name: 'due',
  partitionKey: 'dueShard',
  sortKey: 'nextFetchAt',
} as const;

export const DUE_SHARD_COUNT = 4;

/** The attributes a due-index query returns besides the keys: enough to order and claim. */
export const DUE_INDEX_PROJECTED_ATTRIBUTES = ['id', 'url'] as const;

/**
 * On posts written by the poller: SHA-256 of the normalised post. The write condition compares
 * it, so an unchanged item is never rewritten (and so never regenerates a feed).
 */
export const CONTENT_HASH_ATTRIBUTE = 'contentHash';

export function subscriptionKey(subscriptionId: string): { pk: string; sk: string } {
  return { pk: `${SUBSCRIPTION_PK_PREFIX}${subscriptionId}`, sk: SUBSCRIPTION_SK };
}

export function pendingUnsubscribeKey(subscriptionId: string, token: string): { pk: string; sk: string } {
  return { pk: `${SUBSCRIPTION_PK_PREFIX}${subscriptionId}`, sk: `${PENDING_UNSUBSCRIBE_SK_PREFIX}${token}` };
}

/** A stable shard per subscription (FNV-1a of its id), so its index entry never moves. */
export function dueShardOf(subscriptionId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < subscriptionId.length; index += 1) {
    hash ^= subscriptionId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % DUE_SHARD_COUNT;
}

export function postKey(postId: string): { pk: string; sk: string } {
  return { pk: `${POST_PK_PREFIX}${postId}`, sk: POST_SK };
}

export function catalogKey(feedId: string): { pk: string; sk: string } {
  return { pk: CATALOG_PK, sk: `${CATALOG_SK_PREFIX}${feedId}` };
}

export function feedPartitionKey(feedId: string): string {
  return `${FEED_PK_PREFIX}${feedId}`;
}

export function archivePartitionKey(feedId: string): string {
  return `${ARCHIVE_PK_PREFIX}${feedId}`;
}

/** A closed page's item, keyed by the membership sort key its range starts at ('' for page 1). */
export function archivePageSortKey(startSk: string): string {
  return `${ARCHIVE_PAGE_SK_PREFIX}${startSk}`;
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
