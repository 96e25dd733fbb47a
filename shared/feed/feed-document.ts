import type { Author, PostImage } from '../post/post-schema.ts';
import type { FeedFormat, FeedId } from './feed-id.ts';

/** A topic as a feed category: RSS `<category domain>`, Atom `<category scheme term label>`. */
export interface FeedCategory {
  term: string;
  label: string;
  scheme: string;
}

/** One entry, in the neutral shape every renderer reads. */
export interface FeedItem {
  /** Stable `tag:` URI, independent of the post URL. */
  id: string;
  postId: string;
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  authors: Author[];
  categories: FeedCategory[];
  image?: PostImage;
  publishedAt: string;
  updatedAt: string;
  language: string;
}

/** A whole feed, built once from posts and site config, then rendered into each format. */
export interface FeedDocument {
  feedId: FeedId;
  /** Stable `tag:` URI of the feed. */
  id: string;
  title: string;
  description: string;
  language: string;
  homePageUrl: string;
  /** Absolute URL of each format of this feed; each document's self link. */
  links: Record<FeedFormat, string>;
  /** Newest item's `updatedAt` (never the clock), so the same posts give the same bytes. */
  updated: string;
  copyright?: string;
  items: FeedItem[];
}
