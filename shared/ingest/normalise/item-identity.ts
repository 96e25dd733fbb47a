import { createHash } from 'node:crypto';
import type { ParsedItem } from '../parse/parsed-feed.ts';
import { resolveUrl } from '../sanitise/resolve-url.ts';

/**
 * What makes an item the same item on every poll, in order of trust: its guid/id (the feed's own
 * promise of identity), else its link, else its title and date as written, else its body. Only
 * the item's own fields count, never its position, so a feed that reorders or re-sends items
 * never turns one item into two posts.
 */
export function identityKeyOf(item: ParsedItem, baseUrl: string): string {
  if (item.guid?.trim()) return `guid:${item.guid.trim()}`;
  const link = item.link ? resolveUrl(item.link, baseUrl) : undefined;
  if (link) return `link:${link}`;
  if (item.title || item.published) return `title-date:${item.title ?? ''}\n${item.published ?? ''}`;
  return `body:${item.contentHtml ?? item.contentText ?? item.summary ?? ''}`;
}

/**
 * `src-<subscriptionId>-<22 characters of base64url SHA-256>`: URL-safe, at most 74 characters
 * (post ids allow 128), and scoped by subscription so two partners' guids can never collide.
 */
export function ingestedPostId(subscriptionId: string, identityKey: string): string {
  const digest = createHash('sha256').update(identityKey).digest('base64url').slice(0, 22);
  return `src-${subscriptionId}-${digest}`;
}
