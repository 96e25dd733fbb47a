import { SiteConfigSchema, type SiteConfig, type SiteConfigInput } from '../../../shared/config/site-config.ts';
import type { FeedDocument, FeedItem } from '../../../shared/feed/feed-document.ts';
import type { Post, PostInput } from '../../../shared/post/post-schema.ts';
import { validatePost } from '../../../shared/post/post-validation.ts';

/**
 * Sample data for the feed tests. Every function returns fresh objects, so no test can see
 * another test's changes.
 */
export function sampleSite(overrides: Partial<SiteConfigInput> = {}): SiteConfig {
  return SiteConfigSchema.parse({
    title: 'Feedline News',
    description: 'What happened, as it happened',
    siteUrl: 'https://news.example.org/',
    feedBaseUrl: 'https://feeds.example.org/',
    language: 'en',
    tagAuthority: 'news.example.org,2026',
    ...overrides,
  });
}

/** A valid post passed through the real schema, so it has the exact shape the store returns. */
export function samplePost(overrides: Partial<PostInput> = {}): Post {
  return validatePost({
    id: 'post-1',
    title: 'First post',
    summary: 'A short summary.',
    contentHtml: '<p>The whole body.</p>',
    url: 'https://news.example.org/posts/post-1',
    authors: [{ name: 'Ada Lovelace', email: 'ada@example.org', url: 'https://news.example.org/authors/ada' }],
    topics: [{ slug: 'science', label: 'Science' }],
    publishedAt: '2026-11-20T08:00:00Z',
    language: 'en',
    ...overrides,
  });
}

/** A feed item built by hand: lets a test put text in front of a renderer that the schema would clean. */
export function sampleItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'tag:news.example.org,2026:post/post-1',
    postId: 'post-1',
    url: 'https://news.example.org/posts/post-1',
    title: 'First post',
    summary: 'A short summary.',
    contentHtml: '<p>The whole body.</p>',
    authors: [{ name: 'Ada Lovelace', email: 'ada@example.org', url: 'https://news.example.org/authors/ada' }],
    categories: [{ term: 'science', label: 'Science', scheme: 'https://news.example.org/topics/' }],
    image: {
      url: 'https://img.example.org/lead.jpg',
      type: 'image/jpeg',
      length: 48213,
      width: 1200,
      height: 800,
      caption: 'The lead image',
      credit: 'Photo: Grace Hopper',
    },
    publishedAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-21T09:15:00.000Z',
    language: 'en',
    ...overrides,
  };
}

export function sampleDocument(overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    feedId: 'all',
    id: 'tag:news.example.org,2026:feed/all',
    title: 'Feedline News',
    description: 'What happened, as it happened',
    language: 'en',
    homePageUrl: 'https://news.example.org/',
    links: {
      rss: 'https://feeds.example.org/feeds/all/rss.xml',
      atom: 'https://feeds.example.org/feeds/all/atom.xml',
      json: 'https://feeds.example.org/feeds/all/feed.json',
    },
    updated: '2026-11-21T09:15:00.000Z',
    hubs: [],
    items: [sampleItem()],
    ...overrides,
  };
}

/**
 * The document behind the golden files: two items, one with every optional field (image, two
 * authors, e-mail, categories, another language) and one with none; both stylesheets, as every
 * published feed names them.
 */
export function goldenDocument(): FeedDocument {
  return sampleDocument({
    copyright: '© 2026 Feedline News',
    stylesheetUrl: 'https://feeds.example.org/assets/feed.xsl',
    cssStylesheetUrl: 'https://feeds.example.org/assets/feed.css',
    items: [
      sampleItem({
        authors: [
          { name: 'Ada Lovelace', email: 'ada@example.org', url: 'https://news.example.org/authors/ada' },
          { name: 'Абай Құнанбайұлы' },
        ],
        categories: [
          { term: 'science', label: 'Science', scheme: 'https://news.example.org/topics/' },
          { term: 'kazakhstan', label: 'Қазақстан', scheme: 'https://news.example.org/topics/' },
        ],
        language: 'kk',
      }),
      sampleItem({
        id: 'tag:news.example.org,2026:post/post-0',
        postId: 'post-0',
        url: 'https://news.example.org/posts/post-0',
        title: 'Tom & Jerry <3 "quotes" ]]>',
        summary: '',
        contentHtml: '<p>No summary, so the <em>excerpt</em> stands in &amp; is plain.</p>',
        authors: [{ name: 'Grace Hopper' }],
        categories: [],
        image: undefined,
        publishedAt: '2026-11-19T07:00:00.000Z',
        updatedAt: '2026-11-19T07:00:00.000Z',
      }),
    ],
  });
}

/** An episode: three media files (audio with every field, audio with some, a video), a transcript, chapters and the lead image. */
export function episodeItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return sampleItem({
    id: 'tag:news.example.org,2026:post/episode-7',
    postId: 'episode-7',
    url: 'https://news.example.org/radio/episode-7',
    title: 'Steppe Hour 7: the water courts',
    attachments: [
      { url: 'https://media.example.org/radio/episode-7.mp3', type: 'audio/mpeg', length: 18_402_113, durationSeconds: 2_297, title: 'Full programme' },
      { url: 'https://media.example.org/radio/episode-7-interview.m4a', type: 'audio/x-m4a', durationSeconds: 611 },
      { url: 'https://media.example.org/video/episode-7.mp4', type: 'video/mp4', length: 91_000_000, title: 'Filmed in the studio' },
    ],
    transcript: { url: 'https://media.example.org/radio/episode-7.vtt', type: 'text/vtt' },
    chapters: { url: 'https://media.example.org/radio/episode-7.chapters.json' },
    episode: { show: 'steppe-hour', number: 7, season: 2, type: 'full' },
    ...overrides,
  });
}
