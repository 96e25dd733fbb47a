import { createHash } from 'node:crypto';
import type { DocumentTable } from '../store/document-table.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { isArchiveObjectKey, type FeedId } from '../feed/feed-id.ts';
import { parsePost, type PostValidationError } from '../post/post-validation.ts';
import { listFeeds } from '../site/feed-listing.ts';
import { parsePostItem } from '../store/post-store.ts';
import { scanTable } from '../store/table-scan.ts';
import { FEED_PK_PREFIX, POST_PK_PREFIX, POST_SK, TABLE_KEYS } from '../store/table-design.ts';
import { DEFAULT_PUBLICATION_ID, publicationKeyPrefix, type PublicationId } from '../publication/publication-keys.ts';
import { WHOLE_HISTORY } from '../publish/archive/archive-publisher.ts';
import type { FeedObjectStore } from '../publish/write/feed-object-store.ts';
import type { FeedPublisher, FeedPublishResult, PublishOptions } from '../publish/feed-publisher.ts';
import { membershipRefKey, membershipsOfPost, type MembershipReconciler, type MembershipRef } from './membership-reconciler.ts';
import type { SiteIndexPublisher } from '../publish/site/site-index-publisher.ts';
import { errorFields } from '../errors/error-description.ts';

export interface FeedRebuildParts {
  documents: DocumentTable;
  tableName: string;
  /** The publication rebuilt: only its posts, membership items and objects are read; the default one when omitted. */
  publicationId?: PublicationId;
  /** The publication's folder of the bucket. */
  objects: FeedObjectStore;
  publisher: FeedPublisher;
  reconciler: MembershipReconciler;
  siteIndex: SiteIndexPublisher;
  /** Feeds regenerated at once. */
  concurrency?: number;
}

export interface FeedFailure {
  feedId: FeedId;
  error: Record<string, unknown>;
}

export interface RebuildReport {
  postsScanned: number;
  membershipItemsScanned: number;
  /** Posts whose membership items were missing, stale or orphaned, and were re-derived. */
  postsReconciled: number;
  membershipPuts: number;
  membershipDeletes: number;
  /** Post items left out of every feed: they break the schema or name another post than their key. */
  invalidPosts: PostValidationError[];
  published: FeedPublishResult[];
  failed: FeedFailure[];
  siteIndexWritten: boolean;
}

/** What the scan found, reduced to keys and content hashes: never whole posts in memory. */
interface TableSnapshot {
  postsScanned: number;
  invalidPosts: PostValidationError[];
  /** Membership items each post should have, with the hash of the post they would hold. */
  wanted: Map<string, { ref: MembershipRef; hash: string }>;
  /** Membership items that exist, with the hash of the post they hold. */
  existing: Map<string, { ref: MembershipRef; hash: string }>;
}

/**
 * Regenerates feeds from the table: after a renderer fix, a restore, or a DLQ incident whose
 * records have left the stream. Idempotent: unchanged bytes are never PUT, and a second run
 * changes nothing.
 */
/** The site catalog hears only of changes; a rebuild refills it with every feed it rebuilds. */
const ANNOUNCE_EVERY_DOCUMENT: PublishOptions = { announceUnchanged: true };

export class FeedRebuild {
  private readonly concurrency: number;

  constructor(private readonly parts: FeedRebuildParts) {
    this.concurrency = parts.concurrency ?? 4;
  }

  /**
   * One feed from its membership items as they are (no scan); `--all` also repairs them. Both
   * close the archive pages that are due and re-render every archive page of the feed.
   */
  async rebuildFeed(feedId: FeedId): Promise<{ published: FeedPublishResult; siteIndexWritten: boolean }> {
    const published = await this.parts.publisher.publish(feedId, WHOLE_HISTORY, ANNOUNCE_EVERY_DOCUMENT);
    return { published, siteIndexWritten: await this.parts.siteIndex.publish() };
  }

  /**
   * Every feed. Membership items may be missing or stale after a restore or a lost batch, so
   * they are first re-derived from the post items: one Scan finds the posts whose items differ,
   * and only those are reconciled (each re-read just before writing). Then every feed that has
   * items, had items, or has files in the bucket is regenerated.
   */
  async rebuildAll(): Promise<RebuildReport> {
    const snapshot = await this.snapshot();
    const { postIds, former } = differences(snapshot);
    const reconciled = await this.parts.reconciler.reconcile(postIds, former);
    const feedIds = await this.allFeedIds(snapshot, reconciled.affectedFeeds);
    const { published, failed } = await this.publishAll(feedIds);
    return {
      postsScanned: snapshot.postsScanned,
      membershipItemsScanned: snapshot.existing.size,
      postsReconciled: postIds.size,
      membershipPuts: reconciled.puts,
      membershipDeletes: reconciled.deletes,
      invalidPosts: snapshot.invalidPosts,
      published,
      failed,
      siteIndexWritten: await this.parts.siteIndex.publish(),
    };
  }

  /** The publication's items only: its key prefix is unique to it (no id holds `#`). */
  private async snapshot(): Promise<TableSnapshot> {
    const snapshot: TableSnapshot = { postsScanned: 0, invalidPosts: [], wanted: new Map(), existing: new Map() };
    const prefix = publicationKeyPrefix(this.parts.publicationId ?? DEFAULT_PUBLICATION_ID);
    const posts = `${prefix}${POST_PK_PREFIX}`;
    const memberships = `${prefix}${FEED_PK_PREFIX}`;
    for await (const item of scanTable(this.parts.documents, this.parts.tableName)) {
      const pk = item[TABLE_KEYS.partitionKey];
      const sk = item[TABLE_KEYS.sortKey];
      if (typeof pk !== 'string' || typeof sk !== 'string') continue;
      if (pk.startsWith(posts) && sk === POST_SK) addPostItem(snapshot, item);
      else if (pk.startsWith(memberships)) addMembershipItem(snapshot, pk.slice(memberships.length), sk, item);
    }
    return snapshot;
  }

  private async allFeedIds(snapshot: TableSnapshot, affected: Set<FeedId>): Promise<FeedId[]> {
    // Feeds whose posts all left still have files in the bucket, and must be emptied.
    // Archive pages are not feeds of their own: their feed is rebuilt with its whole history.
    const feedKeys = (await this.parts.objects.listKeys('feeds/')).filter((key) => !isArchiveObjectKey(key));
    const inBucket = listFeeds(feedKeys.map((key) => ({ key }))).map((feed) => feed.feedId);
    const ids = new Set<FeedId>([
      ...[...snapshot.wanted.values()].map(({ ref }) => ref.feedId),
      ...[...snapshot.existing.values()].map(({ ref }) => ref.feedId),
      ...affected,
      ...inBucket,
    ]);
    return [...ids].sort();
  }

  private async publishAll(feedIds: FeedId[]): Promise<{ published: FeedPublishResult[]; failed: FeedFailure[] }> {
    const settled = await mapWithConcurrency(feedIds, this.concurrency, (feedId) =>
      this.parts.publisher.publish(feedId, WHOLE_HISTORY, ANNOUNCE_EVERY_DOCUMENT),
    );
    const published: FeedPublishResult[] = [];
    const failed: FeedFailure[] = [];
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') published.push(result.value);
      else failed.push({ feedId: feedIds[index] as FeedId, error: errorFields(result.reason) });
    });
    return { published, failed };
  }
}

function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function addPostItem(snapshot: TableSnapshot, item: Record<string, unknown>): void {
  snapshot.postsScanned += 1;
  const parsed = parsePostItem(item);
  // An invalid post is in no feed; its id still matters if membership items name it.
  if (!parsed.ok) return void snapshot.invalidPosts.push(parsed.error);
  const hash = contentHash(parsed.post);
  for (const ref of membershipsOfPost(parsed.post)) snapshot.wanted.set(membershipRefKey(ref), { ref, hash });
}

function addMembershipItem(snapshot: TableSnapshot, feedId: FeedId, sortKey: string, item: Record<string, unknown>): void {
  const separator = sortKey.indexOf('#');
  const publishedAt = sortKey.slice(0, separator);
  const postId = typeof item.postId === 'string' ? item.postId : sortKey.slice(separator + 1);
  // The copy goes through the same validation as the post item, so equal posts hash equal.
  const copy = parsePost(item.post);
  const ref = { feedId, publishedAt, postId };
  snapshot.existing.set(membershipRefKey(ref), { ref, hash: copy.ok ? contentHash(copy.post) : 'invalid copy' });
}

/** Posts whose items are missing or differ, and the existing items of those posts and of orphans. */
function differences(snapshot: TableSnapshot): { postIds: Set<string>; former: MembershipRef[] } {
  const postIds = new Set<string>();
  for (const [key, wanted] of snapshot.wanted) {
    if (snapshot.existing.get(key)?.hash !== wanted.hash) postIds.add(wanted.ref.postId);
  }
  for (const [key, existing] of snapshot.existing) {
    if (!snapshot.wanted.has(key)) postIds.add(existing.ref.postId);
  }
  const former = [...snapshot.existing.values()].filter(({ ref }) => postIds.has(ref.postId)).map(({ ref }) => ref);
  return { postIds, former };
}
