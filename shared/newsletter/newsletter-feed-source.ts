import type { DocumentTable } from '../store/document-table.ts';
import type { FeedId } from '../feed/feed-id.ts';
import type { Post } from '../post/post-schema.ts';
import type { PublicationId } from '../publication/publication-keys.ts';
import { FeedMembershipStore } from '../store/feed-membership-store.ts';
import { DIGEST_MAX_POSTS } from './digest/digest.ts';

/**
 * The newsletter's only way into a publication's feeds: the membership items the publish path
 * keeps, under the publication's key prefix (`FEED#<feed>` for the default one, `PUB#<id>#FEED#…`
 * for another), so a digest lists what the publication's own feed lists.
 */
export class NewsletterFeedSource {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /**
   * Posts of the publication's feed published after `cursor` and at or before `until` (ISO
   * instants). One consistent Query of the newest items: a digest lists at most
   * `DIGEST_MAX_POSTS`, so a larger backlog is cut to its newest, like the feed itself.
   */
  async postsBetween(publication: PublicationId, feed: FeedId, cursor: string, until: string): Promise<Post[]> {
    const newest = await new FeedMembershipStore(this.documents, this.tableName, publication).newest(feed, DIGEST_MAX_POSTS * 2);
    return newest.filter((post) => post.publishedAt > cursor && post.publishedAt <= until).slice(0, DIGEST_MAX_POSTS);
  }
}
