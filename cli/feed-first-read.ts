import type { PollerConfig } from '../shared/config/poller-config.ts';
import { decodeBody } from '../shared/ingest/decode/decode-body.ts';
import { DEFAULT_MAX_REDIRECTS, HttpFetcher } from '../shared/ingest/fetch/http-fetcher.ts';
import { parseFeed } from '../shared/ingest/parse/parse-feed.ts';
import type { ParsedFeed } from '../shared/ingest/parse/parsed-feed.ts';

export type FirstRead = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };

/**
 * `sub add` reads the feed once, with the poller's own fetcher and parsers (SSRF guard and
 * limits included), to name the subscription after it and to say at once whether it works.
 * A failure is an answer, not an error: the feed may be down today and the poller retries.
 */
export async function readFeedOnce(url: string, fetchSettings: PollerConfig['fetch']): Promise<FirstRead> {
  const fetcher = new HttpFetcher({ ...fetchSettings, maxRedirects: DEFAULT_MAX_REDIRECTS });
  try {
    const response = await fetcher.fetch({ url, validators: {} });
    if (response.kind !== 'fetched') return { ok: false, reason: `HTTP ${response.status} without a body` };
    return { ok: true, feed: await parseFeed(decodeBody(response.body, response.contentType).text) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await fetcher.close();
  }
}

/** `Steppe Wire` → `steppe-wire`: Latin letters and digits of the title, accents dropped; undefined if none. */
export function subscriptionIdFromTitle(title: string | undefined): string | undefined {
  const slug = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || undefined;
}
