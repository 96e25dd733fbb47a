import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../shared/feed/build-feed-document.ts';
import { catalogEntryOf, LATEST_ITEMS_PER_FEED } from '../../../shared/site/catalog-entry.ts';
import { FeedCatalogEntrySchema } from '../../../shared/store/feed-catalog.ts';
import { makePost } from '../../support/post-factory.ts';
import { testSite } from '../../support/test-site.ts';

const posts = Array.from({ length: 7 }, (_, index) =>
  makePost({ id: `post-${index}`, title: `Post ${index}`, url: `https://humanrights.example.org/p/${index}`, publishedAt: `2026-11-${String(20 - index).padStart(2, '0')}T09:00:00Z`, updatedAt: `2026-11-${String(20 - index).padStart(2, '0')}T09:00:00Z` }),
);

describe('catalogEntryOf', () => {
  const site = testSite();
  const document = buildFeedDocument('topics/kazakhstan', posts, site);
  const entry = catalogEntryOf(document);

  it('keeps what the index page and the OPML show, taken from the published document', () => {
    expect(entry).toMatchObject({
      feedId: 'topics/kazakhstan',
      title: document.title,
      description: document.description,
      language: 'en',
      homePageUrl: document.homePageUrl,
      links: document.links,
      updated: document.updated,
    });
    expect(entry.homePageUrl).toBe('https://humanrights.example.org/topics/kazakhstan');
    expect(FeedCatalogEntrySchema.parse(entry)).toEqual(entry);
  });

  it('keeps only the newest items, newest first, with title, url and date', () => {
    expect(entry.items).toHaveLength(LATEST_ITEMS_PER_FEED);
    expect(entry.items[0]).toEqual({ title: 'Post 0', url: 'https://humanrights.example.org/p/0', publishedAt: document.items[0]?.publishedAt });
    expect(entry.items.map((item) => item.title)).toEqual(['Post 0', 'Post 1', 'Post 2', 'Post 3', 'Post 4']);
  });

  it('does not share the document links object', () => {
    expect(entry.links).not.toBe(document.links);
  });

  it('keeps the first audio or video file of an item for its player, and nothing for items without one', () => {
    const episode = makePost({
      id: 'episode',
      title: 'Episode',
      attachments: [
        { url: 'https://media.humanrights.example.org/1.mp3', type: 'audio/mpeg', length: 1000 },
        { url: 'https://media.humanrights.example.org/1.mp4', type: 'video/mp4' },
      ],
    });
    const { items } = catalogEntryOf(buildFeedDocument('all', [episode, posts[0]!], site));
    expect(items.find((item) => item.title === 'Episode')?.media).toEqual({ url: 'https://media.humanrights.example.org/1.mp3', type: 'audio/mpeg' });
    expect(items.find((item) => item.title === 'Post 0')).not.toHaveProperty('media');
  });
});
