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

/** A publication's catalog entry: its feeds live under its own base URL. */
export function publicationEntry(feedBaseUrl: string, feedId: string, overrides: Partial<FeedCatalogEntry> = {}): FeedCatalogEntry {
  return catalogEntry(feedId, {
    links: { rss: `${feedBaseUrl}feeds/${feedId}/rss.xml`, atom: `${feedBaseUrl}feeds/${feedId}/atom.xml`, json: `${feedBaseUrl}feeds/${feedId}/feed.json` },
    ...overrides,
  });
}

export const TEST_NETWORK = {
  title: 'Steppe Rights Network',
  description: 'Every service of the network, in its own language',
  baseUrl: BASE,
  language: 'en',
};

const PERSIAN_BASE = `${BASE}pubs/fa/`;
const RUSSIAN_BASE = `${BASE}pubs/ru/`;

/** The default publication, a Russian and a Persian one, given in no particular order. */
export const TEST_PUBLICATIONS = [
  {
    id: 'fa',
    site: { title: 'دیده‌بان حقوق', description: 'گزارش‌های مستقل دربارهٔ حقوق بشر', siteUrl: 'https://example.org/fa/', feedBaseUrl: PERSIAN_BASE, language: 'fa' },
    entries: [
      publicationEntry(PERSIAN_BASE, 'topics/kazakhstan', { title: 'دیده‌بان حقوق: قزاقستان', language: 'fa', updated: '2026-11-25T08:00:00.000Z' }),
      publicationEntry(PERSIAN_BASE, 'all', { title: 'دیده‌بان حقوق', language: 'fa' }),
    ],
  },
  {
    id: 'default',
    site: TEST_SITE,
    entries: [catalogEntry('all'), catalogEntry('topics/kazakhstan', { title: 'Steppe Rights Monitor: Kazakhstan' })],
  },
  {
    id: 'ru',
    site: { title: 'Степной монитор', description: 'Независимо о правах человека', siteUrl: 'https://example.org/ru/', feedBaseUrl: RUSSIAN_BASE, language: 'ru' },
    entries: [publicationEntry(RUSSIAN_BASE, 'all', { title: 'Степной монитор', language: 'ru' }), publicationEntry(RUSSIAN_BASE, 'sources/volga-dispatch', { title: 'Волжская сводка', language: 'ru' })],
  },
];
