import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeedId } from '../feed/feed-id.ts';
import type { Post } from '../post/post-schema.ts';
import { isDefaultPublication, type PublicationId } from '../publication/publication-keys.ts';
import { FeedMembershipStore } from '../store/feed-membership-store.ts';
import { DIGEST_MAX_POSTS } from './digest/digest.ts';

export class PublicationFeedUnavailableError extends Error {
  override readonly name = 'PublicationFeedUnavailableError';
}

/**
 * The newsletter's only way into a publication's feeds, so adding the publication key prefix to
 * the membership store (issue 13) changes this one module. Until the store takes a publication,
 * only the default publication's feeds (empty prefix) can be read; any other is refused rather
 * than silently read from the default publication.
 */
export class NewsletterFeedSource {
  private readonly memberships: FeedMembershipStore;

  constructor(documents: DynamoDBDocumentClient, tableName: string) {
    this.memberships = new FeedMembershipStore(documents, tableName);
  }

  /**
   * Posts of the feed published after `cursor` and at or before `until` (ISO instants). One
   * consistent Query of the newest items: a digest lists at most `DIGEST_MAX_POSTS`, so a
   * larger backlog is cut to its newest, like the feed itself.
   */
  async postsBetween(publication: PublicationId, feed: FeedId, cursor: string, until: string): Promise<Post[]> {
    if (!isDefaultPublication(publication)) throw new PublicationFeedUnavailableError(`feeds of publication ${publication} are not readable yet: only the default publication's are`);
    const newest = await this.memberships.newest(feed, DIGEST_MAX_POSTS * 2);
    return newest.filter((post) => post.publishedAt > cursor && post.publishedAt <= until).slice(0, DIGEST_MAX_POSTS);
  }
}
