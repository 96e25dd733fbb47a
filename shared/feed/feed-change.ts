import type { FeedDocument } from './feed-document.ts';
import type { FeedFormat, FeedId } from './feed-id.ts';

/** A subscription document whose bytes changed: at least one format was written. */
export interface FeedChange {
  feedId: FeedId;
  document: FeedDocument;
  written: FeedFormat[];
}

/**
 * Told after a feed's new bytes are in the bucket, never for a write skipped as unchanged, except
 * that a rebuild announces every document (then `written` is empty and nothing is pinged).
 * Listeners must return quickly and must not throw: whatever they start (a WebSub ping, a catalog
 * update) may not hold up or fail the regeneration that told them.
 */
export interface FeedChangeListener {
  feedChanged(change: FeedChange): void;
}
