import type { ParsedFeed } from '../parse/parsed-feed.ts';
import type { HubLink } from '../../store/subscription.ts';

/**
 * WebSub discovery (W3C WebSub section 4): the first hub and the topic to subscribe to. HTTP
 * `Link` headers come first, the document's links after, as the spec orders them; the topic is
 * the `self` URL, else the URL that was fetched. Relative URLs resolve against the fetched URL.
 *
 * @example
 * discoverHub({ hubUrls: [], selfUrl: undefined }, '<https://hub.example/>; rel="hub"', 'https://feeds.example/a.xml');
 * // { hubUrl: 'https://hub.example/', topicUrl: 'https://feeds.example/a.xml' }
 */
export function discoverHub(feed: Pick<ParsedFeed, 'hubUrls' | 'selfUrl'>, linkHeader: string | undefined, fetchedUrl: string): HubLink | undefined {
  const header = linkHeader === undefined ? [] : parseLinkHeader(linkHeader);
  const hubs = [...header.filter((link) => link.rels.includes('hub')).map((link) => link.href), ...feed.hubUrls];
  const selves = [...header.filter((link) => link.rels.includes('self')).map((link) => link.href), ...(feed.selfUrl ? [feed.selfUrl] : [])];
  const hubUrl = hubs.map((href) => httpUrl(href, fetchedUrl)).find((url) => url !== undefined);
  if (!hubUrl) return undefined;
  const topicUrl = selves.map((href) => httpUrl(href, fetchedUrl)).find((url) => url !== undefined) ?? fetchedUrl;
  return { hubUrl, topicUrl };
}

interface LinkValue {
  href: string;
  rels: string[];
}

/** RFC 8288 section 3: `<uri>; rel="a b"; other=x, <uri2>; rel=c`. Commas inside `<>` or quotes are kept. */
export function parseLinkHeader(header: string): LinkValue[] {
  const links: LinkValue[] = [];
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(pattern)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(match[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter((value) => value !== '');
    links.push({ href: (match[1] ?? '').trim(), rels });
  }
  return links;
}

function httpUrl(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
