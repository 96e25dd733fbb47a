import type { PollerConfig } from '../shared/config/poller-config.ts';
import { decodeBody } from '../shared/ingest/decode/decode-body.ts';
import { DEFAULT_MAX_REDIRECTS, HttpFetcher } from '../shared/ingest/fetch/http-fetcher.ts';
import { parseFeed } from '../shared/ingest/parse/parse-feed.ts';
import type { ParsedFeed } from '../shared/ingest/parse/parsed-feed.ts';

export type FirstRead = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };

/**
 * `sub add` reads the feed once, with the poller's own fetcher and parsers (SSRF guard and
 * limits included), to name the subscription after it and to say at once whether it works.
 * A failure is an answer, not an error: `sub add --force` subscribes anyway. The reason is one
 * line, as the CLI prints it.
 */
export async function readFeedOnce(url: string, fetchSettings: PollerConfig['fetch']): Promise<FirstRead> {
  const fetcher = new HttpFetcher({ ...fetchSettings, maxRedirects: DEFAULT_MAX_REDIRECTS });
  try {
    const response = await fetcher.fetch({ url, validators: {} });
    if (response.kind !== 'fetched') return { ok: false, reason: `HTTP ${response.status} without a body` };
    return await parseFirstRead(decodeBody(response.body, response.contentType).text, response.contentType);
  } catch (error) {
    return { ok: false, reason: oneLine(error) };
  } finally {
    await fetcher.close();
  }
}

/** A body that does not parse is most often a web page or an error page: say what it was. */
async function parseFirstRead(text: string, contentType: string | undefined): Promise<FirstRead> {
  try {
    return { ok: true, feed: await parseFeed(text) };
  } catch (error) {
    return { ok: false, reason: `not a feed (${contentType ?? 'no Content-Type'}): ${oneLine(error)}` };
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
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
