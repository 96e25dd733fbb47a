import { ALL_FEED, type FeedId } from '../shared/feed/feed-id.ts';
import type { PublicationId } from '../shared/publication/publication-keys.ts';
import { FeedCatalog } from '../shared/store/feed-catalog.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { PodcastShowStore } from '../shared/store/podcast-show-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';

/**
 * `rebuild --feed` of a mistyped id would publish an empty feed dated 1970 under a new path.
 * A feed of a publication is known when it has posts, was published before (its catalog lists
 * it), or something of the publication files items under it before it has any: its subscription
 * (`sources/<id>`), one of its subscriptions' topics (`topics/<slug>`) or its show (`shows/<id>`).
 * Every check is a key lookup or a Query of the publication's own items: nothing scans the table.
 */
export async function refuseUnknownFeed(target: CliTarget, feedId: FeedId, publicationId: PublicationId): Promise<void> {
  if (feedId === ALL_FEED) return;
  const { documents } = target.clients;
  if ((await new FeedMembershipStore(documents, target.tableName, publicationId).newest(feedId, 1)).length > 0) return;
  if ((await new FeedCatalog(documents, target.tableName, publicationId).list()).some((entry) => entry.feedId === feedId)) return;
  if (await filesItemsUnder(target, feedId, publicationId)) return;
  throw new InputError(`${feedId} has no posts, was never published and no subscription files items under it: nothing rebuilt (check the id)`);
}

async function filesItemsUnder(target: CliTarget, feedId: FeedId, publicationId: PublicationId): Promise<boolean> {
  const { documents } = target.clients;
  const [kind, name = ''] = feedId.split('/');
  switch (kind) {
    case 'sources':
      return (await new SubscriptionRegistry(documents, target.tableName).get(name))?.publication === publicationId;
    case 'topics': {
      // The index is eventually consistent: a subscription added a moment ago may not count yet.
      const subscriptions = await new SubscriptionRegistry(documents, target.tableName).listByPublication(publicationId);
      return subscriptions.some((subscription) => subscription.topics.some((topic) => topic.slug === name));
    }
    case 'shows':
      return (await new PodcastShowStore(documents, target.tableName).get(publicationId, name)) !== undefined;
    default:
      return false;
  }
}
