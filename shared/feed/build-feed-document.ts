import type { SiteConfig } from '../config/site-config.ts';
import type { Post, Topic } from '../post/post-schema.ts';
import type { FeedCategory, FeedDocument, FeedItem } from './feed-document.ts';
import { ALL_FEED, FEED_CSS_KEY, FEED_FORMATS, FEED_STYLESHEET_KEY, archiveObjectKey, feedObjectKey, showIdOfFeed, type FeedFormat, type FeedId } from './feed-id.ts';
import { ttlMinutesOf } from './feed-refresh.ts';

const TOPIC_FEED = /^topics\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const SOURCE_FEED = /^sources\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export class UnknownFeedIdError extends Error {
  override readonly name = 'UnknownFeedIdError';
  constructor(readonly feedId: string) {
    super(`unknown feed id ${JSON.stringify(feedId)}: expected "all", "topics/<slug>", "sources/<subscriptionId>" or "shows/<showId>"`);
  }
}

type FeedScope = { kind: 'all' } | { kind: 'topic'; slug: string } | { kind: 'source'; subscriptionId: string } | { kind: 'show'; showId: string };

/**
 * Builds the neutral document every renderer reads. The result depends only on its arguments
 * (no clock), and shares no objects with the posts, so renderers can never change a caller's data.
 *
 * Posts are expected newest first and already limited to the feed's size; they are sorted again
 * anyway. Drafts are left out: a draft in a public feed cannot be taken back. A post listed twice
 * appears once, because item ids must be unique within a feed.
 *
 * @example
 * const doc = buildFeedDocument('topics/russia', posts, site);
 * doc.id; // 'tag:example.org,2026:feed/topics/russia'
 */
export function buildFeedDocument(feedId: FeedId, posts: Post[], site: SiteConfig, lastTitle?: string): FeedDocument {
  const scope = scopeOf(feedId);
  const published = uniqueById(newestFirst(posts.filter((post) => post.status !== 'draft')));
  const items = published.map((post) => feedItemOf(post, site));
  return {
    feedId,
    id: `tag:${site.tagAuthority}:feed/${feedId}`,
    title: feedTitle(scope, published, site, lastTitle),
    description: site.description,
    language: site.language,
    homePageUrl: homePageUrlOf(scope, published, site),
    links: feedLinks(feedId, site),
    updated: latestUpdate(items) ?? tagDateStart(site.tagAuthority),
    ...(site.copyright === undefined ? {} : { copyright: site.copyright }),
    hubs: [...site.hubUrls],
    stylesheetUrl: `${site.feedBaseUrl}${FEED_STYLESHEET_KEY}`,
    cssStylesheetUrl: `${site.feedBaseUrl}${FEED_CSS_KEY}`,
    ...ttlOf(site),
    items,
  };
}

/**
 * The current document (RFC 5005's "subscription document"; not a partner subscription): the
 * newest N, plus an RFC 5005 `prev-archive` link to the newest closed archive page once the feed
 * has one. `lastTitle` is the title the feed was last published under: a topic's label lives only
 * on its posts, so a feed emptied of them keeps that title rather than falling back to its slug.
 */
export function buildCurrentDocument(feedId: FeedId, posts: Post[], pageCount: number, site: SiteConfig, lastTitle?: string): FeedDocument {
  const document = buildFeedDocument(feedId, posts, site, lastTitle);
  if (pageCount < 1) return document;
  return { ...document, paging: { archive: false, prevArchive: archiveLinks(feedId, pageCount, site) } };
}

/** Which archive page a document is, and how many the feed has (for its `next-archive` link). */
export interface ArchivePosition {
  pageNumber: number;
  pageCount: number;
}

/**
 * One RFC 5005 archive page: every member of its key range, newest first, linked to the
 * subscription document (`current`) and its neighbours. `updated` is its newest item's, so an
 * unchanged page renders to unchanged bytes; its ttl follows the archive Cache-Control.
 *
 * The newest page's `next-archive` is the subscription document: the entries after it are there,
 * and the chain is walkable both ways (the subscription document's `prev-archive` is this page).
 * Without it a feed's only page had no neighbour at all, which validators report as an incomplete
 * archive. When a newer page closes, this page is rendered again and links that one instead.
 */
export function buildArchivePageDocument(feedId: FeedId, position: ArchivePosition, posts: Post[], site: SiteConfig): FeedDocument {
  const { ttlMinutes: _currentDocumentTtl, ...document } = buildFeedDocument(feedId, posts, site);
  const { pageNumber, pageCount } = position;
  const archiveTtl = ttlMinutesOf(site.archiveCacheControl);
  return {
    ...document,
    links: archiveLinks(feedId, pageNumber, site),
    ...(archiveTtl === undefined ? {} : { ttlMinutes: archiveTtl }),
    paging: {
      archive: true,
      current: feedLinks(feedId, site),
      ...(pageNumber > 1 ? { prevArchive: archiveLinks(feedId, pageNumber - 1, site) } : {}),
      nextArchive: pageNumber < pageCount ? archiveLinks(feedId, pageNumber + 1, site) : feedLinks(feedId, site),
    },
  };
}

function archiveLinks(feedId: FeedId, pageNumber: number, site: SiteConfig): Record<FeedFormat, string> {
  const links = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) links[format] = `${site.feedBaseUrl}${archiveObjectKey(feedId, pageNumber, format)}`;
  return links;
}

function ttlOf(site: SiteConfig): Pick<FeedDocument, 'ttlMinutes'> {
  const ttlMinutes = ttlMinutesOf(site.cacheControl);
  return ttlMinutes === undefined ? {} : { ttlMinutes };
}

function scopeOf(feedId: FeedId): FeedScope {
  if (feedId === ALL_FEED) return { kind: 'all' };
  const slug = TOPIC_FEED.exec(feedId)?.[1];
  if (slug !== undefined) return { kind: 'topic', slug };
  const subscriptionId = SOURCE_FEED.exec(feedId)?.[1];
  if (subscriptionId !== undefined) return { kind: 'source', subscriptionId };
  const showId = showIdOfFeed(feedId);
  if (showId !== undefined) return { kind: 'show', showId };
  throw new UnknownFeedIdError(feedId);
}

/**
 * Newest `publishedAt` first; ties by post id, descending, which is the order the membership store
 * returns (its sort key is `<publishedAt>#<postId>`, read backwards).
 */
function newestFirst(posts: Post[]): Post[] {
  return [...posts].sort(
    (a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || compareText(b.id, a.id),
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function uniqueById(posts: Post[]): Post[] {
  const seen = new Set<string>();
  return posts.filter((post) => {
    if (seen.has(post.id)) return false;
    seen.add(post.id);
    return true;
  });
}

/**
 * The topic's label (or the source feed's title) as the newest post carrying it spells it; labels
 * and partner titles change over time. Without such a post: the title last published, else the
 * slug (or subscription id).
 */
function feedTitle(scope: FeedScope, posts: Post[], site: SiteConfig, lastTitle: string | undefined): string {
  if (scope.kind === 'all') return site.title;
  // A show's title comes from its settings (withPodcastShow); this one stands in while it has none.
  if (scope.kind === 'show') return lastTitle ?? `${site.title}: ${scope.showId}`;
  const name = scope.kind === 'source' ? sourceTitleOf(scope.subscriptionId, posts) : topicLabelOf(scope.slug, posts);
  if (name !== undefined) return `${site.title}: ${name}`;
  return lastTitle ?? `${site.title}: ${scope.kind === 'source' ? scope.subscriptionId : scope.slug}`;
}

function sourceTitleOf(subscriptionId: string, posts: Post[]): string | undefined {
  return posts.find((post) => post.source?.subscriptionId === subscriptionId && post.source.title)?.source?.title;
}

function topicLabelOf(slug: string, posts: Post[]): string | undefined {
  return posts.flatMap((post) => post.topics).find((topic) => topic.slug === slug)?.label;
}

/** A topic's page on our site; a partner's source feed, the partner's own site as its newest post names it. */
function homePageUrlOf(scope: FeedScope, newestFirstPosts: readonly Post[], site: SiteConfig): string {
  if (scope.kind === 'topic') return topicPageUrl(site, scope.slug);
  if (scope.kind === 'source') return newestFirstPosts[0]?.source?.siteUrl ?? site.siteUrl;
  return site.siteUrl;
}

function topicPageUrl(site: SiteConfig, slug: string): string {
  return `${site.siteUrl}topics/${slug}`;
}

function feedLinks(feedId: FeedId, site: SiteConfig): Record<FeedFormat, string> {
  const links = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) links[format] = `${site.feedBaseUrl}${feedObjectKey(feedId, format)}`;
  return links;
}

function latestUpdate(items: FeedItem[]): string | undefined {
  let latest: string | undefined;
  for (const item of items) {
    if (latest === undefined || Date.parse(item.updatedAt) > Date.parse(latest)) latest = item.updatedAt;
  }
  return latest;
}

/**
 * `updated` of a feed without items. It must not come from the clock (an empty feed has stable
 * bytes too), and 1970 is an "implausible date" to validators and readers. The date in the feed's
 * `tag:` id (RFC 4151: a day the site held its domain, fixed forever) is stable and plausible:
 * nothing in the feed can be older than its id. `2026` reads as 2026-01-01, `2026-11` as the 1st.
 */
function tagDateStart(tagAuthority: string): string {
  const [year, month = '01', day = '01'] = (tagAuthority.split(',')[1] ?? '').split('-');
  return `${year}-${month}-${day}T00:00:00.000Z`;
}

function feedItemOf(post: Post, site: SiteConfig): FeedItem {
  return {
    id: `tag:${site.tagAuthority}:post/${post.id}`,
    postId: post.id,
    url: post.url,
    title: post.title,
    summary: post.summary,
    contentHtml: post.contentHtml,
    authors: post.authors.map((author) => ({ ...author })),
    categories: [...post.topics.map((topic) => categoryOf(topic, site)), ...sourceCategoriesOf(post)],
    ...(post.image === undefined ? {} : { image: { ...post.image } }),
    ...mediaOf(post),
    publishedAt: post.publishedAt,
    updatedAt: post.updatedAt,
    language: post.language,
  };
}

function categoryOf(topic: Topic, site: SiteConfig): FeedCategory {
  return { term: topic.slug, label: topic.label, scheme: `${site.siteUrl}topics/` };
}

/** A partner's own labels, in the partner's scheme: its feed URL names that vocabulary. */
function sourceCategoriesOf(post: Post): FeedCategory[] {
  const source = post.source;
  if (!source) return [];
  return source.categories.map((label) => ({ term: label, label, scheme: source.feedUrl }));
}

/** Copies, so renderers can never change a caller's post; empty lists are left out like absent ones. */
function mediaOf(post: Post): Pick<FeedItem, 'attachments' | 'transcript' | 'chapters' | 'episode'> {
  const media: Pick<FeedItem, 'attachments' | 'transcript' | 'chapters' | 'episode'> = {};
  if (post.attachments && post.attachments.length > 0) media.attachments = post.attachments.map((attachment) => ({ ...attachment }));
  if (post.transcript) media.transcript = { ...post.transcript };
  if (post.chapters) media.chapters = { ...post.chapters };
  if (post.episode) media.episode = { ...post.episode };
  return media;
}
