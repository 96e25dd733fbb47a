import { createHash } from 'node:crypto';

/** The Podcasting 2.0 namespace UUID for `podcast:guid` (the namespace's specification). */
const PODCAST_GUID_NAMESPACE = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6';

/**
 * The `podcast:guid` a show gets when none is set: a UUIDv5 (RFC 9562) of its feed URL without
 * the scheme and trailing slashes, as the Podcasting 2.0 specification prescribes, so anyone can
 * compute it from the URL, and it stays the show's when the feed later moves (store it then).
 *
 * @example podcastGuidOf('https://mp3s.nashownotes.com/pc20rss.xml') // '917393e3-1b1e-5cef-ace4-edaa54e1f810'
 */
export function podcastGuidOf(feedUrl: string): string {
  const name = feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  const namespace = Buffer.from(PODCAST_GUID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
