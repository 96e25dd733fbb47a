import type { FeedId } from '../../feed/feed-id.ts';
import { mapWithConcurrency } from '../../concurrency/map-with-concurrency.ts';
import { catalogEntryOf } from '../../site/catalog-entry.ts';
import { renderSubscribePage, type SubscribePageSite } from '../../site/render-subscribe-page.ts';
import { HTML_CONTENT_TYPE, subscribePageKey } from '../../site/site-keys.ts';
import type { FeedCatalogEntry } from '../../store/feed-catalog.ts';
import type { FeedChange, FeedChangeListener } from '../../feed/feed-change.ts';
import { throwFirstWriteFailure, type FeedObjectStore } from '../write/feed-object-store.ts';
import { retryOnWriteConflict } from '../write/write-conflict-retry.ts';

const MAX_ATTEMPTS = 3;

/** Pages written at once; each is a HEAD and at most one PUT. */
const CONCURRENCY = 8;

export class SubscribePageConflictError extends Error {
  override readonly name = 'SubscribePageConflictError';
  constructor(
    readonly feedId: FeedId,
    readonly attempts: number,
  ) {
    super(`subscribe page of ${feedId} kept changing under us: gave up after ${attempts} attempts`);
  }
}

export interface SubscribePagePublisherOptions {
  objects: FeedObjectStore;
  site: SubscribePageSite & { cacheControl: string };
}

/**
 * Each feed's subscribe page (`feeds/<feed>/subscribe.html`), rendered from the same document as
 * the feed's files, and only for a feed whose bytes changed: the page shows nothing a feed's
 * document does not hold. Unchanged page bytes are never PUT (the feeds' SHA-256 skip), so a page
 * keeps its ETag while its feed's newest items stay the same.
 *
 * Like the catalog, the last writer wins: two shards regenerating one feed at once may leave the
 * older page until the feed's next change, which costs a stale item list, never a broken page.
 * Pages that could not be written stay pending for the next `publish()` of this instance.
 */
export class SubscribePagePublisher implements FeedChangeListener {
  private readonly pending = new Map<FeedId, FeedCatalogEntry>();

  constructor(private readonly options: SubscribePagePublisherOptions) {}

  /** Synchronous and cannot throw: the entry is built from the document in memory. */
  feedChanged(change: FeedChange): void {
    this.pending.set(change.feedId, catalogEntryOf(change.document));
  }

  /** Writes the pages of the feeds that changed; returns how many pages were written. */
  async publish(): Promise<number> {
    const entries = [...this.pending.values()];
    const writes = await mapWithConcurrency(entries, CONCURRENCY, (entry) => this.writePage(entry));
    entries.forEach((entry, index) => {
      // A feed that changed again while its page was in flight keeps its newer entry pending.
      if (writes[index]?.status === 'fulfilled' && this.pending.get(entry.feedId) === entry) this.pending.delete(entry.feedId);
    });
    throwFirstWriteFailure(writes);
    return writes.filter((write) => write.status === 'fulfilled' && write.value).length;
  }

  private async writePage(entry: FeedCatalogEntry): Promise<boolean> {
    const { objects, site } = this.options;
    const key = subscribePageKey(entry.feedId);
    const body = renderSubscribePage(site, entry);
    return retryOnWriteConflict({
      attempts: MAX_ATTEMPTS,
      attempt: async () => objects.putIfChanged({ key, body, contentType: HTML_CONTENT_TYPE, cacheControl: site.cacheControl, replaces: await objects.lastKnown(key) }),
      giveUp: () => new SubscribePageConflictError(entry.feedId, MAX_ATTEMPTS),
    });
  }
}
