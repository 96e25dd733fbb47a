import { ALL_FEED, FEED_FILE_NAMES, FEED_FORMATS, type FeedFormat, type FeedId } from '../feed/feed-id.ts';

const FEEDS_PREFIX = 'feeds/';

/** An object as the bucket listing reports it. */
export interface ListedObject {
  key: string;
  lastModified?: Date;
}

/** One feed found in the bucket and the formats it is published in. */
export interface FeedListing {
  /** The folder between `feeds/` and the file name, e.g. `all` or `topics/russia`. */
  feedId: FeedId;
  files: { format: FeedFormat; key: string; lastModified?: Date }[];
}

const FORMAT_BY_FILE_NAME = new Map(FEED_FORMATS.map((format) => [FEED_FILE_NAMES[format], format]));

/**
 * Groups the bucket's `feeds/` objects into feeds, sorted by id with `all` first and formats in
 * RSS, Atom, JSON order. Files that are not a feed format (archive pages, stray uploads) are left out.
 */
export function listFeeds(objects: readonly ListedObject[]): FeedListing[] {
  const feeds = new Map<FeedId, FeedListing>();
  for (const object of objects) {
    const placement = feedFileOf(object.key);
    if (!placement) continue;
    const feed = feeds.get(placement.feedId) ?? { feedId: placement.feedId, files: [] };
    feed.files.push({ format: placement.format, key: object.key, lastModified: object.lastModified });
    feeds.set(placement.feedId, feed);
  }
  const listings = [...feeds.values()];
  listings.forEach((feed) => feed.files.sort((a, b) => FEED_FORMATS.indexOf(a.format) - FEED_FORMATS.indexOf(b.format)));
  return listings.sort(byFeedId);
}

function feedFileOf(key: string): { feedId: FeedId; format: FeedFormat } | undefined {
  if (!key.startsWith(FEEDS_PREFIX)) return undefined;
  const path = key.slice(FEEDS_PREFIX.length);
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const format = FORMAT_BY_FILE_NAME.get(path.slice(slash + 1));
  return format ? { feedId: path.slice(0, slash), format } : undefined;
}

function byFeedId(a: FeedListing, b: FeedListing): number {
  if (a.feedId === b.feedId) return 0;
  if (a.feedId === ALL_FEED) return -1;
  if (b.feedId === ALL_FEED) return 1;
  return a.feedId < b.feedId ? -1 : 1;
}
