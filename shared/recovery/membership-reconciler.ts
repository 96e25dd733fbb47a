import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { feedsOfPost, type FeedId } from '../feed/feed-id.ts';
import type { Post } from '../post/post-schema.ts';
import type { PostValidationError } from '../post/post-validation.ts';
import type { FeedMembershipStore, MembershipWrite } from '../store/feed-membership-store.ts';
import type { PostStore } from '../store/post-store.ts';
import { membershipSortKey } from '../store/table-design.ts';

/** A feed-membership item that may exist: which feed, and the post's key in it. */
export interface MembershipRef {
  feedId: FeedId;
  publishedAt: string;
  postId: string;
}

export interface ReconcileOutcome {
  /** Every feed a reconciled post was or is in: each needs regenerating. */
  affectedFeeds: Set<FeedId>;
  puts: number;
  deletes: number;
  /** Posts re-read and found invalid (schema, or an image naming another post): in no feed. */
  invalidPosts: PostValidationError[];
}

interface PostWrites {
  writes: MembershipWrite[];
  invalid?: PostValidationError;
}

/** Posts re-read at once; each is one consistent GetItem. */
const READ_CONCURRENCY = 8;

/** The membership a post should have: one item per feed, none unless it is valid and published. */
export function membershipsOfPost(post: Post | undefined): MembershipRef[] {
  if (!post || post.status !== 'published') return [];
  return feedsOfPost(post).map((feedId) => ({ feedId, publishedAt: post.publishedAt, postId: post.id }));
}

export function membershipRefKey(ref: MembershipRef): string {
  return `${ref.feedId}\n${membershipSortKey(ref.publishedAt, ref.postId)}`;
}

/**
 * Re-derives the membership items of some posts of one publication (its memberships store's) from their *current* items in the table, not
 * from whatever version a stream record or a scan saw: each post is re-read with a consistent
 * GetItem just before its items are written, so a recovery that runs while editors work never
 * writes an older version over a newer one (the window shrinks to one read-then-write).
 * `former` names items that may exist and must go unless the current post still wants them.
 */
export class MembershipReconciler {
  constructor(
    private readonly posts: PostStore,
    private readonly memberships: FeedMembershipStore,
  ) {}

  async reconcile(postIds: Iterable<string>, former: readonly MembershipRef[]): Promise<ReconcileOutcome> {
    const formerByPost = groupByPost(former);
    const ids = [...new Set([...postIds, ...formerByPost.keys()])];
    const settled = await mapWithConcurrency(ids, READ_CONCURRENCY, (postId) => this.writesFor(postId, formerByPost.get(postId) ?? []));
    const perPost = settled.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    const writes = perPost.flatMap((post) => post.writes);
    await this.memberships.apply(writes);
    const affectedFeeds = new Set([...former.map((ref) => ref.feedId), ...writes.map((write) => write.feedId)]);
    const puts = writes.filter((write) => write.kind === 'put').length;
    const invalidPosts = perPost.flatMap((post) => (post.invalid ? [post.invalid] : []));
    return { affectedFeeds, puts, deletes: writes.length - puts, invalidPosts };
  }

  private async writesFor(postId: string, former: readonly MembershipRef[]): Promise<PostWrites> {
    const result = await this.posts.get(postId, this.memberships.publicationId);
    const current = result?.ok ? result.post : undefined;
    const wanted = membershipsOfPost(current);
    const wantedKeys = new Set(wanted.map(membershipRefKey));
    const stale = dedupe(former).filter((ref) => !wantedKeys.has(membershipRefKey(ref)));
    const writes = [
      ...stale.map((ref): MembershipWrite => ({ kind: 'delete', feedId: ref.feedId, publishedAt: ref.publishedAt, postId: ref.postId })),
      ...(current ? wanted.map((ref): MembershipWrite => ({ kind: 'put', feedId: ref.feedId, post: current })) : []),
    ];
    return result?.ok === false ? { writes, invalid: result.error } : { writes };
  }
}

function groupByPost(refs: readonly MembershipRef[]): Map<string, MembershipRef[]> {
  const byPost = new Map<string, MembershipRef[]>();
  for (const ref of refs) byPost.set(ref.postId, [...(byPost.get(ref.postId) ?? []), ref]);
  return byPost;
}

function dedupe(refs: readonly MembershipRef[]): MembershipRef[] {
  return [...new Map(refs.map((ref) => [membershipRefKey(ref), ref])).values()];
}
