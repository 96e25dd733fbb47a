import type { SiteConfig } from '../../config/site-config.ts';
import { FEED_CSS_KEY, FEED_STYLESHEET_KEY, type FeedId } from '../../feed/feed-id.ts';
import { catalogEntryOf } from '../../site/catalog-entry.ts';
import { renderFeedCss } from '../../site/feed-css.ts';
import { renderFeedStylesheet } from '../../site/feed-stylesheet.ts';
import { renderIndexPage } from '../../site/render-index-page.ts';
import { renderOpml } from '../../site/render-opml.ts';
import {
  CSS_CONTENT_TYPE,
  HTML_CONTENT_TYPE,
  OPML_CONTENT_TYPE,
  SCRIPT_CONTENT_TYPE,
  SITE_INDEX_KEY,
  SITE_OPML_KEY,
  STYLESHEET_CONTENT_TYPE,
  SUBSCRIBE_SCRIPT_KEY,
} from '../../site/site-keys.ts';
import { SUBSCRIBE_SCRIPT } from '../../site/subscribe-script.ts';
import type { FeedCatalog, FeedCatalogEntry } from '../../store/feed-catalog.ts';
import type { FeedChange, FeedChangeListener } from '../../feed/feed-change.ts';
import { FeedObjectStore, throwFirstWriteFailure, type StoredFeedObject } from '../write/feed-object-store.ts';
import { retryOnWriteConflict } from '../write/write-conflict-retry.ts';
import type { SubscribePagePublisher } from './subscribe-page-publisher.ts';

export { SITE_INDEX_KEY };

/**
 * Every object the site publisher writes outside `feeds/`; the stack grants the stream Lambda
 * exactly these. The subscribe pages live under `feeds/`, which the feed grant covers.
 */
export const SITE_OBJECT_KEYS = [SITE_INDEX_KEY, SITE_OPML_KEY, FEED_STYLESHEET_KEY, FEED_CSS_KEY, SUBSCRIBE_SCRIPT_KEY] as const;

const MAX_ATTEMPTS = 3;

export class SiteIndexConflictError extends Error {
  override readonly name = 'SiteIndexConflictError';
  constructor(readonly attempts: number) {
    super(`${SITE_OBJECT_KEYS.join(', ')} kept changing under us: gave up after ${attempts} attempts`);
  }
}

export interface SiteIndexPublisherOptions {
  objects: FeedObjectStore;
  catalog: FeedCatalog;
  site: Pick<SiteConfig, 'title' | 'description' | 'siteUrl' | 'feedBaseUrl' | 'language' | 'cacheControl'>;
  /** Told of every changed feed too; its pages are written by `publish()`. */
  subscribePages: SubscribePagePublisher;
}

interface SiteObject {
  key: string;
  body: string;
  contentType: string;
}

/**
 * The site around the feeds: `index.html` (the distribution's root), `feeds.opml`, the feeds'
 * XSL stylesheet and CSS (all in the site's language and direction), the subscribe pages' script, and through `subscribePages` each changed
 * feed's subscribe page. As a `FeedChangeListener` it keeps a catalog entry for every subscription
 * document whose bytes changed; `publish()` first writes those entries to the catalog, then
 * renders both pages from one Query of it, so a regeneration costs the same whatever the number
 * of feeds and nothing lists the bucket. Pages carry no clock: unchanged bytes are never PUT.
 *
 * Callers keep it out of the failure path: a stale index page never fails a batch, and entries
 * that could not be written stay pending for the next `publish()` of this instance.
 */
export class SiteIndexPublisher implements FeedChangeListener {
  private readonly pending = new Map<FeedId, FeedCatalogEntry>();

  constructor(private readonly options: SiteIndexPublisherOptions) {}

  /** Synchronous and cannot throw: the entry is built from the document in memory. */
  feedChanged(change: FeedChange): void {
    this.pending.set(change.feedId, catalogEntryOf(change.document));
    this.options.subscribePages.feedChanged(change);
  }

  /** Writes the pending catalog entries; returns how many. */
  async flushCatalog(): Promise<number> {
    const entries = [...this.pending.values()];
    if (entries.length === 0) return 0;
    await this.options.catalog.put(entries);
    // A feed that changed again while the write was in flight keeps its newer entry pending.
    for (const entry of entries) if (this.pending.get(entry.feedId) === entry) this.pending.delete(entry.feedId);
    return entries.length;
  }

  /**
   * Writes the changed feeds' subscribe pages and, once the catalog is flushed, whichever site
   * objects changed; returns whether anything was written. A failure of one part does not stop the other.
   */
  async publish(): Promise<boolean> {
    const [pages, site] = await Promise.allSettled([this.options.subscribePages.publish(), this.publishSite()]);
    throwFirstWriteFailure([pages, site]);
    return (pages.status === 'fulfilled' && pages.value > 0) || (site.status === 'fulfilled' && site.value);
  }

  private async publishSite(): Promise<boolean> {
    await this.flushCatalog();
    // Two shards publishing at once render the same pages or a superset; read again and redo.
    return retryOnWriteConflict({ attempts: MAX_ATTEMPTS, attempt: () => this.publishOnce(), giveUp: () => new SiteIndexConflictError(MAX_ATTEMPTS) });
  }

  private async publishOnce(): Promise<boolean> {
    const { objects, catalog, site } = this.options;
    // Know the stored versions before the catalog, so a PUT conditioned on them fails if another
    // shard published a newer catalog in between. Each object stands alone: one that cannot be
    // read or written (say, a key the role may not touch) does not keep the others stale.
    const stored = await Promise.allSettled(SITE_OBJECT_KEYS.map((key) => objects.lastKnown(key)));
    const entries = await catalog.list();
    const files: SiteObject[] = [
      { key: SITE_INDEX_KEY, body: renderIndexPage(site, entries), contentType: HTML_CONTENT_TYPE },
      { key: SITE_OPML_KEY, body: renderOpml(site, entries), contentType: OPML_CONTENT_TYPE },
      { key: FEED_STYLESHEET_KEY, body: renderFeedStylesheet(site.language), contentType: STYLESHEET_CONTENT_TYPE },
      { key: FEED_CSS_KEY, body: renderFeedCss(site.language), contentType: CSS_CONTENT_TYPE },
      { key: SUBSCRIBE_SCRIPT_KEY, body: SUBSCRIBE_SCRIPT, contentType: SCRIPT_CONTENT_TYPE },
    ];
    const writes = await Promise.allSettled(
      files.map(async (file, index) => {
        const head = stored[index] as PromiseSettledResult<StoredFeedObject | undefined>;
        if (head.status === 'rejected') throw head.reason;
        return this.writeIfChanged(file, head.value);
      }),
    );
    throwFirstWriteFailure(writes);
    return writes.some((write) => write.status === 'fulfilled' && write.value);
  }

  private writeIfChanged(file: SiteObject, stored: StoredFeedObject | undefined): Promise<boolean> {
    return this.options.objects.putIfChanged({ ...file, cacheControl: this.options.site.cacheControl, replaces: stored });
  }
}
