import type { FeedId } from '../../feed/feed-id.ts';
import { feedsOfPost } from '../../feed/feed-id.ts';
import type { Post } from '../../post/post-schema.ts';
import type { MembershipWrite } from '../../store/feed-membership-store.ts';
import { membershipSortKey } from '../../store/table-design.ts';
import type { PostChange, PostState } from '../stream/post-change.ts';

/** The outcome of a batch of post changes: final membership writes and who needs regenerating. */
export interface MembershipPlan {
  /** At most one write per membership key: the last change in stream order wins. */
  writes: MembershipWrite[];
  /** Each affected feed with the ids of the records that touched it. */
  affectedFeeds: Map<FeedId, string[]>;
  /** Each affected feed with the membership keys written (old and new): the archive pages to redo. */
  changedSortKeys: Map<FeedId, string[]>;
}

interface Membership {
  feedId: FeedId;
  sortKey: string;
  post: Post;
}

/** The feeds a post state puts the post into: none unless it is valid and published. */
function membershipsOf(state: PostState): Map<FeedId, Membership> {
  const memberships = new Map<FeedId, Membership>();
  if (state.kind !== 'valid' || state.post.status !== 'published') return memberships;
  const sortKey = membershipSortKey(state.post.publishedAt, state.post.id);
  for (const feedId of feedsOfPost(state.post)) memberships.set(feedId, { feedId, sortKey, post: state.post });
  return memberships;
}

/** Every field of a post is visible in some feed format, so any difference is visible. */
function sameVisiblePost(before: Post, after: Post): boolean {
  return JSON.stringify(before) === JSON.stringify(after);
}

/** The membership writes one change needs, before coalescing across the batch. */
export function membershipWritesOf(change: PostChange): MembershipWrite[] {
  const before = membershipsOf(change.before);
  const after = membershipsOf(change.after);
  const writes: MembershipWrite[] = [];
  for (const old of before.values()) {
    if (after.get(old.feedId)?.sortKey === old.sortKey) continue;
    writes.push({ kind: 'delete', feedId: old.feedId, publishedAt: old.post.publishedAt, postId: old.post.id });
  }
  for (const current of after.values()) {
    const old = before.get(current.feedId);
    if (old && old.sortKey === current.sortKey && sameVisiblePost(old.post, current.post)) continue;
    writes.push({ kind: 'put', feedId: current.feedId, post: current.post });
  }
  return writes;
}

function sortKeyOf(write: MembershipWrite): string {
  return write.kind === 'put' ? membershipSortKey(write.post.publishedAt, write.post.id) : membershipSortKey(write.publishedAt, write.postId);
}

function writeKey(write: MembershipWrite): string {
  return `${write.feedId}\n${sortKeyOf(write)}`;
}

/**
 * Plans a whole batch: changes are applied in stream order, so for each membership key only the
 * last write matters, and each affected feed is regenerated once however many records touched it.
 */
export function planMembership(changes: PostChange[]): MembershipPlan {
  const writesByKey = new Map<string, MembershipWrite>();
  const affectedFeeds = new Map<FeedId, string[]>();
  for (const change of changes) {
    for (const write of membershipWritesOf(change)) {
      const key = writeKey(write);
      writesByKey.delete(key);
      writesByKey.set(key, write);
      const recordIds = affectedFeeds.get(write.feedId) ?? [];
      if (!recordIds.includes(change.recordId)) recordIds.push(change.recordId);
      affectedFeeds.set(write.feedId, recordIds);
    }
  }
  const writes = [...writesByKey.values()];
  return { writes, affectedFeeds, changedSortKeys: sortKeysByFeed(writes) };
}

function sortKeysByFeed(writes: MembershipWrite[]): Map<FeedId, string[]> {
  const byFeed = new Map<FeedId, string[]>();
  for (const write of writes) {
    byFeed.set(write.feedId, [...(byFeed.get(write.feedId) ?? []), sortKeyOf(write)]);
  }
  return byFeed;
}
