import {
  DEFAULT_PUBLICATION_ID,
  PUBLICATION_ID_MAX_LENGTH,
  PUBLICATION_ID_PATTERN,
  publicationKeyPrefix,
  type PublicationId,
} from '../publication/publication-keys.ts';

/**
 * The whole key design of the single posts table lives here; the CDK stack, the local bootstrap
 * and the stores all read it from this module.
 *
 * | item            | pk              | sk                          |
 * | --------------- | --------------- | --------------------------- |
 * | post            | `<prefix>POST#<id>` | `POST`                  |
 * | feed membership | `<prefix>FEED#<feedId>` | `<publishedAt>#<postId>` |
 * | subscription    | `SUB#<id>`      | `SUB`                       |
 * | unsubscribe asked of a hub | `SUB#<id>` | `UNSUBSCRIBE#<token>`  |
 * | catalog entry   | `<prefix>CATALOG` | `FEED#<feedId>`           |
 * | archive meta    | `<prefix>ARCHIVE#<feedId>` | `META`           |
 * | archive page    | `<prefix>ARCHIVE#<feedId>` | `PAGE#<startSk>` |
 *
 * `<prefix>` is the publication's key prefix (`publicationKeyPrefix`): empty for the default
 * publication, so its keys are the ones every deployment before publications wrote, and
 * `PUB#<publicationId>#` for any other (`PUB#fa#POST#<id>`, `PUB#fa#FEED#all`, `PUB#fa#CATALOG`).
 * A publication id holds no `#`, so no publication's prefix is the start of another's keys.
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

/**
 * A post item's key. With one argument the post belongs to the default publication, whose key
 * (`POST#<id>`) every existing call site and stored item already uses.
 */
export function postKey(postId: string): { pk: string; sk: string };
export function postKey(publicationId: PublicationId, postId: string): { pk: string; sk: string };
export function postKey(first: string, second?: string): { pk: string; sk: string } {
  const [publicationId, postId] = second === undefined ? [DEFAULT_PUBLICATION_ID, first] : [first, second];
  return { pk: `${publicationKeyPrefix(publicationId)}${POST_PK_PREFIX}${postId}`, sk: POST_SK };
}

export class MalformedPostKeyError extends Error {
  constructor(
    readonly pk: string,
    reason: string,
  ) {
    super(`Post item key ${JSON.stringify(pk)} ${reason}`);
    this.name = 'MalformedPostKeyError';
  }
}

const PUBLICATION_PK_PREFIX = 'PUB#';

/**
 * Which publication and post a post item's partition key names: `POST#<id>` is the default
 * publication's, `PUB#<publicationId>#POST#<id>` another's. Anything else (a bad publication id,
 * no `POST#`, an empty post id) is refused, so no reader files a post under a guessed publication.
 */
export function parsePostPartitionKey(pk: string): { publicationId: PublicationId; postId: string } {
  if (pk.startsWith(POST_PK_PREFIX)) return { publicationId: DEFAULT_PUBLICATION_ID, postId: postIdAfterPrefix(pk, POST_PK_PREFIX.length) };
  if (!pk.startsWith(PUBLICATION_PK_PREFIX)) throw new MalformedPostKeyError(pk, `starts with neither ${POST_PK_PREFIX} nor ${PUBLICATION_PK_PREFIX}`);
  const separator = pk.indexOf('#', PUBLICATION_PK_PREFIX.length);
  if (separator < 0) throw new MalformedPostKeyError(pk, 'names a publication but no post');
  const publicationId = pk.slice(PUBLICATION_PK_PREFIX.length, separator);
  if (!isStoredPublicationId(publicationId)) {
    throw new MalformedPostKeyError(pk, `names an invalid publication id ${JSON.stringify(publicationId)}`);
  }
  const rest = separator + 1;
  if (!pk.startsWith(POST_PK_PREFIX, rest)) throw new MalformedPostKeyError(pk, `has no ${POST_PK_PREFIX} after its publication`);
  return { publicationId, postId: postIdAfterPrefix(pk, rest + POST_PK_PREFIX.length) };
}

/** The default publication has no prefix, so `PUB#default#` is never a key it wrote. */
function isStoredPublicationId(publicationId: string): boolean {
  return (
    PUBLICATION_ID_PATTERN.test(publicationId) &&
    publicationId.length <= PUBLICATION_ID_MAX_LENGTH &&
    publicationId !== DEFAULT_PUBLICATION_ID
  );
}

function postIdAfterPrefix(pk: string, start: number): string {
  const postId = pk.slice(start);
  if (postId === '') throw new MalformedPostKeyError(pk, 'names no post id');
  return postId;
}

/** The partition of a publication's feed catalog: `CATALOG`, or `PUB#<id>#CATALOG`. */
export function catalogPartitionKey(publicationId: PublicationId = DEFAULT_PUBLICATION_ID): string {
  return `${publicationKeyPrefix(publicationId)}${CATALOG_PK}`;
}

/** A catalog item's key; with one argument, the default publication's (`CATALOG` / `FEED#<feedId>`). */
export function catalogKey(feedId: string): { pk: string; sk: string };
export function catalogKey(publicationId: PublicationId, feedId: string): { pk: string; sk: string };
export function catalogKey(first: string, second?: string): { pk: string; sk: string } {
  const [publicationId, feedId] = second === undefined ? [DEFAULT_PUBLICATION_ID, first] : [first, second];
  return { pk: catalogPartitionKey(publicationId), sk: `${CATALOG_SK_PREFIX}${feedId}` };
}

/** The partition of a feed's membership items: `FEED#<feedId>`, or `PUB#<id>#FEED#<feedId>`. */
export function feedPartitionKey(feedId: string): string;
export function feedPartitionKey(publicationId: PublicationId, feedId: string): string;
export function feedPartitionKey(first: string, second?: string): string {
  const [publicationId, feedId] = second === undefined ? [DEFAULT_PUBLICATION_ID, first] : [first, second];
  return `${publicationKeyPrefix(publicationId)}${FEED_PK_PREFIX}${feedId}`;
}

/** The partition of a feed's archive directory: `ARCHIVE#<feedId>`, or `PUB#<id>#ARCHIVE#<feedId>`. */
export function archivePartitionKey(feedId: string): string;
export function archivePartitionKey(publicationId: PublicationId, feedId: string): string;
export function archivePartitionKey(first: string, second?: string): string {
  const [publicationId, feedId] = second === undefined ? [DEFAULT_PUBLICATION_ID, first] : [first, second];
  return `${publicationKeyPrefix(publicationId)}${ARCHIVE_PK_PREFIX}${feedId}`;
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

/**
 * Global secondary index `subscriptionsByPublication` (sparse, all attributes): one Query lists a
 * publication's subscriptions, sorted by id, for `sub list` and `pub remove`.
 *
 * | item         | `subscriptionPublication` (partition) | `id` (sort)     |
 * | ------------ | ------------------------------------- | --------------- |
 * | subscription | its publication id                    | subscription id |
 *
 * Its own attribute, not `publication`: posts of other publications carry `publication` too and
 * would fill the index. Subscriptions added before publications lack it until `feedline migrate`.
 */
export const SUBSCRIPTIONS_BY_PUBLICATION_INDEX = {
  name: 'subscriptionsByPublication',
  partitionKey: 'subscriptionPublication',
  sortKey: 'id',
} as const;
