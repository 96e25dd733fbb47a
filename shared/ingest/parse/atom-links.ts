import type { ParsedFeedHead } from './parsed-feed.ts';
import { attributeText, type XmlNode } from './xml-node.ts';

/** An Atom `<link>` (also `atom:link` in RSS), with the relation RFC 4287 implies when none is given. */
export interface AtomLink {
  rel: string;
  href: string;
  type?: string;
  length?: string;
  title?: string;
}

/** Counts what the mappings skipped, so the feed can say so once instead of per element. */
export interface SkippedLinks {
  withoutHref: number;
}

/**
 * The links that have an href, in document order. A link without one is skipped and counted:
 * it loses nothing else of its entry (rss-parser lost the whole feed to one).
 */
export function atomLinksOf(nodes: XmlNode[], skipped: SkippedLinks): AtomLink[] {
  const links: AtomLink[] = [];
  for (const node of nodes) {
    const href = attributeText(node, 'href');
    if (href === undefined) {
      skipped.withoutHref += 1;
      continue;
    }
    const link: AtomLink = { rel: attributeText(node, 'rel')?.toLowerCase() ?? 'alternate', href };
    const type = attributeText(node, 'type');
    if (type !== undefined) link.type = type;
    const length = attributeText(node, 'length');
    if (length !== undefined) link.length = length;
    const title = attributeText(node, 'title');
    if (title !== undefined) link.title = title;
    links.push(link);
  }
  return links;
}

/** The page a feed or entry stands for: its `alternate` link, else its first link (as rss-parser read it). */
export function preferredHref(links: AtomLink[]): string | undefined {
  return (links.find((link) => link.rel === 'alternate') ?? links[0])?.href;
}

/** WebSub discovery in the same pass (W3C WebSub section 4): every `hub` in order, and the first `self`. */
export function hubAndSelf(links: AtomLink[]): Pick<ParsedFeedHead, 'hubUrls' | 'selfUrl'> {
  const self = links.find((link) => link.rel === 'self')?.href;
  return { hubUrls: links.filter((link) => link.rel === 'hub').map((link) => link.href), ...(self === undefined ? {} : { selfUrl: self }) };
}
