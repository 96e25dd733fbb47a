import type { FeedItem } from './feed-document.ts';
import { plainTextExcerpt } from './plain-text-excerpt.ts';

/**
 * The plain-text description every format shows beside the body: the post's summary, or an
 * excerpt of its body when the summary is empty. Empty only when both are.
 */
export function itemSummary(item: FeedItem): string {
  return item.summary.trim() !== '' ? item.summary : plainTextExcerpt(item.contentHtml);
}
