import { ALL_FEED } from '../feed/feed-id.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';

export type CatalogGroupKind = 'site' | 'topics' | 'sources';

/** The feeds of one kind, in the order the index page and the OPML list them; headings come from the site's messages. */
export interface CatalogGroup {
  kind: CatalogGroupKind;
  entries: FeedCatalogEntry[];
}

const GROUP_KINDS: readonly CatalogGroupKind[] = ['site', 'topics', 'sources'];

/**
 * Site-wide feed first, then topics, then partner sources, each sorted by feed id so the same
 * catalog always gives the same bytes. Empty groups are dropped. Anything that is not a
 * subscription feed id (an archive page, say) has no group and is not listed: readers subscribe
 * to the living documents, which link their archives themselves.
 */
export function groupCatalog(entries: readonly FeedCatalogEntry[]): CatalogGroup[] {
  const sorted = [...entries].sort((a, b) => (a.feedId < b.feedId ? -1 : a.feedId > b.feedId ? 1 : 0));
  return GROUP_KINDS.map((kind) => ({ kind, entries: sorted.filter((entry) => groupOf(entry.feedId) === kind) })).filter(
    (group) => group.entries.length > 0,
  );
}

function groupOf(feedId: string): CatalogGroupKind | undefined {
  if (feedId === ALL_FEED) return 'site';
  const [prefix, name, ...rest] = feedId.split('/');
  if (!name || rest.length > 0) return undefined;
  if (prefix === 'topics') return 'topics';
  if (prefix === 'sources') return 'sources';
  return undefined;
}
