import type { FeedFormat } from '../feed/feed-id.ts';

/** How the site's pages name each format to a person. */
export const FEED_FORMAT_LABELS: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };
