/**
 * A feed as read, before normalising: the same shape whatever the format, with every value still
 * as the partner wrote it (dates unparsed, links unresolved, HTML unsanitised).
 */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json';
  title?: string;
  /** The site the feed belongs to (RSS channel link, Atom alternate link, JSON home_page_url). */
  homeUrl?: string;
  language?: string;
  /** RSS `<ttl>`: minutes a reader may cache the feed (RSS 2.0 specification). */
  ttlMinutes?: number;
  /**
   * WebSub discovery (W3C WebSub section 4): the hubs the feed names and its canonical `self`
   * URL, from Atom/RSS `<link rel="hub|self">` or JSON Feed `hubs[]`/`feed_url`. HTTP `Link`
   * headers are merged in by `discoverHub`, since they are not part of the document.
   */
  hubUrls: string[];
  selfUrl?: string;
  /** The feed-level author, used for items that name none. */
  author?: ParsedAuthor;
  items: ParsedItem[];
  /** Items dropped by the parser as malformed (JSON Feed items that break the schema). */
  malformedItems: number;
  /**
   * What the parser tolerated to read the document (an undeclared prefix, a link without href, a
   * bare JSON Feed version), one line each, for the poll's log: the feed is read, but its
   * publisher may want to know.
   */
  warnings: string[];
}

/** The feed-level fields of a document, as one format's mapping reads them. */
export type ParsedFeedHead = Omit<ParsedFeed, 'format' | 'items' | 'malformedItems' | 'warnings'>;

export interface ParsedAuthor {
  name?: string;
  url?: string;
  email?: string;
}

export interface ParsedImage {
  url: string;
  type?: string;
  length?: number;
  width?: number;
  height?: number;
}

/** An audio or video file of an item, merged from every element that named its URL. */
export interface ParsedAttachment {
  url: string;
  type?: string;
  length?: number;
  durationSeconds?: number;
  title?: string;
}

export interface ParsedItem {
  /** RSS guid, Atom id, JSON Feed id. */
  guid?: string;
  link?: string;
  title?: string;
  /** The full body (RSS content:encoded, Atom content, JSON content_html). */
  contentHtml?: string;
  /** JSON Feed content_text: plain text, escaped before use. */
  contentText?: string;
  /** RSS description, Atom summary, JSON summary: HTML in RSS and Atom, text in JSON Feed. */
  summary?: string;
  summaryIsHtml: boolean;
  published?: string;
  updated?: string;
  authors: ParsedAuthor[];
  categories: string[];
  /** Image candidates in order of preference (enclosures, media:content, JSON image). */
  images: ParsedImage[];
  /** Audio and video files in document order (enclosures, then Media RSS, then JSON attachments). */
  attachments: ParsedAttachment[];
  /** Podcasting 2.0 `podcast:transcript` (the first one) and `podcast:chapters`. */
  transcript?: { url: string; type?: string };
  chapters?: { url: string };
  language?: string;
}
