import type { Post } from '../post/post-schema.ts';

/** `all` (site-wide) or `topics/<slug>`; also the object-key folder under `feeds/`. */
export type FeedId = string;

export const ALL_FEED: FeedId = 'all';

export function topicFeedId(slug: string): FeedId {
  return `topics/${slug}`;
}

/** The feeds a published post belongs to: `all` plus one per topic. */
export function feedsOfPost(post: Post): FeedId[] {
  return [ALL_FEED, ...post.topics.map((topic) => topicFeedId(topic.slug))];
}

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export const FEED_FILE_NAMES: Record<FeedFormat, string> = {
  rss: 'rss.xml',
  atom: 'atom.xml',
  json: 'feed.json',
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
