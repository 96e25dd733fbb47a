import { ALL_FEED } from '../feed/feed-id.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import type { SiteMessages } from './site-messages.ts';

/**
 * What a feed is, in a few words: "All posts", "Topic: Kazakhstan", "Partner: Steppe Wire". A
 * feed's title is `<site title>: <label>` (readers list it among other sites' feeds, so it names
 * the site); on the site's own pages the site is already named, so the label goes with the kind.
 * A title written under an older site title keeps its prefix until the feed is published again.
 */
export function feedNameOf(entry: Pick<FeedCatalogEntry, 'feedId' | 'title'>, siteTitle: string, messages: SiteMessages): string {
  if (entry.feedId === ALL_FEED) return messages.allPosts;
  const prefix = `${siteTitle}: `;
  const label = entry.title.startsWith(prefix) ? entry.title.slice(prefix.length) : entry.title;
  if (entry.feedId.startsWith('topics/')) return messages.topic(label);
  if (entry.feedId.startsWith('sources/')) return messages.partner(label);
  return entry.title;
}
