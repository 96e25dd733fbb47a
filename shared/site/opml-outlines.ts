import { escapeXmlAttribute } from '../feed/xml-escape.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';

/** What the OPML documents of a site and of the network share: folders, feed outlines, their date. */
export const OPML_SPEC_URL = 'http://opml.org/spec2.opml';

/**
 * The opening tag of a folder at the body's first level; its feeds follow, then `</outline>`. A
 * folder is `text` alone: OPML defines no folder type, and an outline with more than `text` must
 * say with `type` how to read the rest (the W3C validator warns otherwise).
 */
export function folderOutline(name: string): string {
  return `    <outline text="${escapeXmlAttribute(markupInert(name))}">`;
}

/** One subscription at the second level: the RSS document, with what importers show of it. */
export function feedOutline(entry: FeedCatalogEntry): string {
  const attributes: [string, string][] = [
    ['type', 'rss'],
    ['version', 'RSS2'],
    ['text', markupInert(entry.title)],
    ['title', markupInert(entry.title)],
    ['xmlUrl', entry.links.rss],
    ['htmlUrl', entry.homePageUrl],
    ['description', markupInert(entry.description)],
    ['language', entry.language],
  ];
  return `      <outline ${attributes.map(([name, value]) => `${name}="${escapeXmlAttribute(value)}"`).join(' ')}/>`;
}

/**
 * OPML's `text` "may contain encoded HTML markup": outliners (and the W3C validator) read `text`,
 * `title` and `description` as HTML, while subscription importers take them as plain names. With
 * `<` and `>` escaped no tag can start, so neither runs markup from a partner's title; `&` is
 * left as written, so "Steppe & Wire" still reads right in a plain-text importer.
 */
function markupInert(text: string): string {
  return text.replace(/[<>]/g, (character) => (character === '<' ? '&lt;' : '&gt;'));
}

/** The newest `updated` of these feeds: the list's `dateModified`, never the clock. */
export function newestUpdate(entries: readonly FeedCatalogEntry[]): string | undefined {
  return entries.reduce<string | undefined>(
    (newest, entry) => (newest === undefined || Date.parse(entry.updated) > Date.parse(newest) ? entry.updated : newest),
    undefined,
  );
}
