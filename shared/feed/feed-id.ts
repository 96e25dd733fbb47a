import type { Post } from '../post/post-schema.ts';

/** `all` (site-wide), `topics/<slug>`, `sources/<subscriptionId>` or `shows/<showId>`; also the object-key folder under `feeds/`. */
export type FeedId = string;

export const ALL_FEED: FeedId = 'all';

export function topicFeedId(slug: string): FeedId {
  return `topics/${slug}`;
}

/** The republished feed of one subscription: every item the poller ingested from it. */
export function sourceFeedId(subscriptionId: string): FeedId {
  return `sources/${subscriptionId}`;
}

/** A podcast show's feed: its episodes, the posts of the show that have audio or video. */
export function showFeedId(showId: string): FeedId {
  return `shows/${showId}`;
}

const SHOW_FEED = /^shows\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** The show a feed is the podcast of, or undefined for every other feed. */
export function showIdOfFeed(feedId: FeedId): string | undefined {
  return SHOW_FEED.exec(feedId)?.[1];
}

/**
 * The feeds a published post belongs to: `all`, one per topic, its source's feed if ingested,
 * and its show's feed if it is an episode with audio or video.
 */
export function feedsOfPost(post: Post): FeedId[] {
  const feeds = [ALL_FEED, ...post.topics.map((topic) => topicFeedId(topic.slug))];
  if (post.source) feeds.push(sourceFeedId(post.source.subscriptionId));
  if (post.episode && (post.attachments?.length ?? 0) > 0) feeds.push(showFeedId(post.episode.show));
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

/**
 * The Content-Type the bucket serves each format with. RSS and Atom go out as `application/xml`:
 * Chromium shows `application/rss+xml` and `application/atom+xml` as plain text and never applies
 * the feed's XSL stylesheet, while with `application/xml` it renders the human view. Feed readers
 * parse the body whatever the type (they meet both on the web every day); autodiscovery and
 * self links keep the registered types (`FEED_MEDIA_TYPES`).
 */
export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/xml; charset=utf-8',
  atom: 'application/xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Object key of one format of one feed, e.g. `feeds/topics/russia/atom.xml`. */
export function feedObjectKey(feedId: FeedId, format: FeedFormat): string {
  return `feeds/${feedId}/${FEED_FILE_NAMES[format]}`;
}

/** The XSL stylesheet every XML feed names, so a browser shows a page instead of raw XML. */
export const FEED_STYLESHEET_KEY = 'assets/feed.xsl';

/** The CSS every XML feed names after the XSL: what a browser without XSLT styles the feed with. */
export const FEED_CSS_KEY = 'assets/feed.css';

/** Folder of a feed's RFC 5005 archive pages: `feeds/<feedId>/archive/<pageNumber>/`. */
const ARCHIVE_FOLDER = 'archive';

/** Object key of one format of one archive page, e.g. `feeds/all/archive/3/rss.xml`. */
export function archiveObjectKey(feedId: FeedId, pageNumber: number, format: FeedFormat): string {
  return `feeds/${feedId}/${ARCHIVE_FOLDER}/${pageNumber}/${FEED_FILE_NAMES[format]}`;
}

const ARCHIVE_OBJECT_KEY = new RegExp(`^feeds/.+/${ARCHIVE_FOLDER}/\\d+/[^/]+$`);

/**
 * True for archive page files. A feed id has at most two segments, so `<feedId>/archive/<n>`
 * never collides with a feed's own folder (not even a topic named "archive").
 */
export function isArchiveObjectKey(key: string): boolean {
  return ARCHIVE_OBJECT_KEY.test(key);
}
