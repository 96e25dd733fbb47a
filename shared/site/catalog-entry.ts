import type { FeedDocument, FeedItem } from '../feed/feed-document.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';

/** How many of a feed's newest items the index page shows under it. */
export const LATEST_ITEMS_PER_FEED = 5;

/** What the catalog keeps of a freshly published subscription document: its metadata and newest items. */
export function catalogEntryOf(document: FeedDocument, latestItems = LATEST_ITEMS_PER_FEED): FeedCatalogEntry {
  return {
    feedId: document.feedId,
    title: document.title,
    description: document.description,
    language: document.language,
    homePageUrl: document.homePageUrl,
    links: { ...document.links },
    updated: document.updated,
    items: document.items.slice(0, latestItems).map(latestItemOf),
  };
}

/**
 * One line of the index page: the first attachment is the file podcast apps play (the RSS
 * enclosure), so it is the one the page plays; the feed view shows every file. Items without one
 * carry no `media` key, so their catalog entries keep the bytes they had.
 */
function latestItemOf(item: FeedItem): FeedCatalogEntry['items'][number] {
  const [first] = item.attachments ?? [];
  const line = { title: item.title, url: item.url, publishedAt: item.publishedAt };
  return first === undefined ? line : { ...line, media: { url: first.url, type: first.type } };
}
