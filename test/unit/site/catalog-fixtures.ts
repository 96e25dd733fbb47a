import type { FeedCatalogEntry } from '../../../shared/store/feed-catalog.ts';

const BASE = 'https://feeds.example.org/';

/** A catalog entry as the publisher stores it; every call returns a fresh object. */
export function catalogEntry(feedId: string, overrides: Partial<FeedCatalogEntry> = {}): FeedCatalogEntry {
  return {
    feedId,
    title: `Feed ${feedId}`,
    description: `About ${feedId}`,
    language: 'en',
    homePageUrl: `https://example.org/${feedId === 'all' ? '' : `${feedId}/`}`,
    links: { rss: `${BASE}feeds/${feedId}/rss.xml`, atom: `${BASE}feeds/${feedId}/atom.xml`, json: `${BASE}feeds/${feedId}/feed.json` },
    updated: '2026-11-20T10:00:00.000Z',
    items: [{ title: `Newest in ${feedId}`, url: `https://example.org/posts/${feedId.replace('/', '-')}`, publishedAt: '2026-11-20T09:00:00.000Z' }],
    ...overrides,
  };
}

export const TEST_SITE = {
  title: 'Steppe Rights Monitor',
  description: 'Independent reporting on rights and freedoms',
  siteUrl: 'https://example.org/',
  feedBaseUrl: BASE,
  language: 'en',
};
