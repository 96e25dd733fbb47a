import type { Author, PostAttachment, PostChapters, PostEpisode, PostImage, PostTranscript } from '../post/post-schema.ts';
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
  /** Audio and video files; absent (never empty) on posts without any, so their bytes stay as they were. */
  attachments?: PostAttachment[];
  transcript?: PostTranscript;
  chapters?: PostChapters;
  episode?: PostEpisode;
  publishedAt: string;
  updatedAt: string;
  language: string;
}

/**
 * RFC 5005 archived-feed links. The subscription document carries only `prevArchive` (its newest
 * archive page); an archive page carries `current`, its older neighbour when it has one, and
 * `nextArchive`: the newer page, or for the newest page the subscription document. JSON Feed
 * writes `prevArchive` as `next_url`, its name for "older items are there".
 */
export interface FeedPaging {
  /** True on archive pages: they are marked `fh:archive` and hold a fixed slice of the history. */
  archive: boolean;
  current?: Record<FeedFormat, string>;
  prevArchive?: Record<FeedFormat, string>;
  nextArchive?: Record<FeedFormat, string>;
}

/**
 * What a podcast feed says about its show, beyond any feed's title and description: the channel
 * tags Apple Podcasts requires and recommends, and the Podcasting 2.0 ones Podcast Index reads.
 */
export interface PodcastChannel {
  /** Podcasting 2.0 `podcast:guid`: the show's identity across feed moves. */
  guid: string;
  artworkUrl: string;
  /** An Apple Podcasts category and, optionally, one of its subcategories. */
  category: { name: string; subcategory?: string };
  explicit: boolean;
  owner: { name: string; email: string };
  author: string;
  type: 'episodic' | 'serial';
  /** `podcast:locked`: whether other podcast hosts may import the feed; absent when not stated. */
  locked?: boolean;
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
  /** WebSub hubs that subscribers may use for push; advertised as `rel="hub"`. */
  hubs: string[];
  /** XSL stylesheet that browsers apply to the XML formats, so a feed URL opens as a page. */
  stylesheetUrl?: string;
  /** CSS that browsers without XSLT apply to the XML formats instead, so the feed still reads as a page. */
  cssStylesheetUrl?: string;
  /** How long readers may cache the document, in minutes: the deployed Cache-Control max-age. */
  ttlMinutes?: number;
  paging?: FeedPaging;
  /** Set on a show's feed: its RSS becomes a podcast feed. */
  podcast?: PodcastChannel;
  items: FeedItem[];
}
