import { ALL_FEED, type FeedId } from '../shared/feed/feed-id.ts';
import { FeedCatalog } from '../shared/store/feed-catalog.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';

/**
 * `rebuild --feed` of a mistyped id would publish an empty feed dated 1970 under a new path.
 * A feed is known when it has posts, was published before (the site catalog lists it), or a
 * subscription files items under it (a topic or source that simply has none yet).
 */
export async function refuseUnknownFeed(target: CliTarget, feedId: FeedId): Promise<void> {
  if (feedId === ALL_FEED) return;
  const { documents } = target.clients;
  if ((await new FeedMembershipStore(documents, target.tableName).newest(feedId, 1)).length > 0) return;
  if ((await new FeedCatalog(documents, target.tableName).list()).some((entry) => entry.feedId === feedId)) return;
  const subscriptions = await new SubscriptionRegistry(documents, target.tableName).listAll();
  const [kind, name] = feedId.split('/');
  const filed = subscriptions.some((subscription) => (kind === 'sources' ? subscription.id === name : subscription.topics.some((topic) => topic.slug === name)));
  if (filed) return;
  throw new InputError(`${feedId} has no posts, was never published and no subscription files items under it: nothing rebuilt (check the id)`);
}
