import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/site-config.ts';
import { listFeeds } from '../site/feed-listing.ts';
import { renderIndexPage } from '../site/render-index-page.ts';
import { FeedObjectStore, WriteConflictError } from './feed-object-store.ts';

/** CloudFront's default root object: `https://<distribution>/` serves this key. */
export const SITE_INDEX_KEY = 'index.html';

const FEEDS_PREFIX = 'feeds/';
const MAX_ATTEMPTS = 3;

export class SiteIndexConflictError extends Error {
  override readonly name = 'SiteIndexConflictError';
  constructor(readonly attempts: number) {
    super(`${SITE_INDEX_KEY} kept changing under us: gave up after ${attempts} attempts`);
  }
}

/**
 * Writes a minimal `index.html` listing every feed in the bucket, with autodiscovery links, so the
 * distribution's root answers with something a reader or a person can follow. The page has no
 * timestamps: the same feeds give the same bytes, and unchanged bytes are never PUT.
 * (The discovery work will replace the page; the key and the unchanged-skip stay.)
 */
export class SiteIndexPublisher {
  constructor(
    private readonly objects: FeedObjectStore,
    private readonly site: Pick<SiteConfig, 'title' | 'cacheControl'>,
  ) {}

  /** Returns whether the page was written (false: its bytes were already there). */
  async publish(): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      try {
        return await this.publishOnce();
      } catch (error) {
        // Two shards listing at once render the same page or a superset; read again and redo.
        if (!(error instanceof WriteConflictError)) throw error;
      }
    }
    throw new SiteIndexConflictError(MAX_ATTEMPTS);
  }

  private async publishOnce(): Promise<boolean> {
    const stored = await this.objects.head(SITE_INDEX_KEY);
    const keys = await this.objects.listKeys(FEEDS_PREFIX);
    const body = renderIndexPage({ title: this.site.title, feeds: listFeeds(keys.map((key) => ({ key }))) });
    const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    if (stored?.sha256 === sha256) return false;
    await this.objects.put({
      key: SITE_INDEX_KEY,
      body,
      sha256,
      contentType: 'text/html; charset=utf-8',
      cacheControl: this.site.cacheControl,
      replaces: stored,
    });
    return true;
  }
}
