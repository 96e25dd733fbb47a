/** A web feed reader that subscribes to a feed from a link, with no account step on our side. */
export interface FeedReaderLink {
  name: string;
  url: string;
}

/**
 * Each reader's documented "add this feed" address. Plain links: nothing of theirs loads on our
 * page, and the page sends no referrer, so a reader learns of the feed only when one is clicked.
 */
const READERS: readonly { name: string; subscribeUrl: (feedUrl: string) => string }[] = [
  { name: 'Feedly', subscribeUrl: (feedUrl) => `https://feedly.com/i/subscription/feed%2F${encodeURIComponent(feedUrl)}` },
  { name: 'Inoreader', subscribeUrl: (feedUrl) => `https://www.inoreader.com/?add_feed=${encodeURIComponent(feedUrl)}` },
  { name: 'NewsBlur', subscribeUrl: (feedUrl) => `https://www.newsblur.com/?url=${encodeURIComponent(feedUrl)}` },
  { name: 'The Old Reader', subscribeUrl: (feedUrl) => `https://theoldreader.com/feeds/subscribe?url=${encodeURIComponent(feedUrl)}` },
];

/** One-click subscribe links for a feed URL, in a fixed order. */
export function feedReaderLinks(feedUrl: string): FeedReaderLink[] {
  return READERS.map((reader) => ({ name: reader.name, url: reader.subscribeUrl(feedUrl) }));
}
