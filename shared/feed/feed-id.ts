import type { Post } from '../post/post-schema.ts';

/** `all` (site-wide), `topics/<slug>` or `sources/<subscriptionId>`; also the object-key folder under `feeds/`. */
export type FeedId = string;

export const ALL_FEED: FeedId = 'all';

export function topicFeedId(slug: string): FeedId {
  return `topics/${slug}`;
}

/** The republished feed of one subscription: every item the poller ingested from it. */
export function sourceFeedId(subscriptionId: string): FeedId {
  return `sources/${subscriptionId}`;
}

/** The feeds a published post belongs to: `all`, one per topic, and its source's feed if ingested. */
export function feedsOfPost(post: Post): FeedId[] {
  const feeds = [ALL_FEED, ...post.topics.map((topic) => topicFeedId(topic.slug))];
  if (post.source) feeds.push(sourceFeedId(post.source.subscriptionId));
  return feeds;
}

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export const FEED_FILE_NAMES: Record<FeedFormat, string> = {
  rss: 'rss.xml',
  atom: 'atom.xml',
  json: 'feed.json',
};

/** The registered media type of each format: what autodiscovery links and OPML say a feed is. */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Object key of one format of one feed, e.g. `feeds/topics/russia/atom.xml`. */
export function feedObjectKey(feedId: FeedId, format: FeedFormat): string {
  return `feeds/${feedId}/${FEED_FILE_NAMES[format]}`;
}

/** The XSL stylesheet every XML feed names, so a browser shows a page instead of raw XML. */
export const FEED_STYLESHEET_KEY = 'assets/feed.xsl';
