import { toRfc822 } from '../feed/feed-dates.ts';
import { escapeXmlAttribute, escapeXmlText } from '../feed/xml-escape.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import { groupCatalog, type CatalogGroup } from './catalog-groups.ts';

export interface OpmlSite {
  title: string;
  siteUrl: string;
}

const OPML_SPEC_URL = 'http://opml.org/spec2.opml';

/**
 * Every subscription feed as an OPML 2.0 subscription list (http://opml.org/spec2.opml), in
 * one folder outline per group: site-wide, topics, partner sources. `xmlUrl` is the RSS document,
 * the format every OPML importer understands. `dateModified` is the newest feed's `updated`, so
 * the same catalog gives the same bytes; the site's home page stands as `ownerId`, the page a
 * reader can reach the publisher from.
 */
export function renderOpml(site: OpmlSite, entries: readonly FeedCatalogEntry[]): string {
  const groups = groupCatalog(entries);
  const newest = newestUpdate(groups.flatMap((group) => group.entries));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXmlText(`${site.title}: feeds`)}</title>`,
    ...(newest ? [`    <dateModified>${toRfc822(newest)}</dateModified>`] : []),
    `    <ownerName>${escapeXmlText(site.title)}</ownerName>`,
    `    <ownerId>${escapeXmlText(site.siteUrl)}</ownerId>`,
    `    <docs>${OPML_SPEC_URL}</docs>`,
    '  </head>',
    '  <body>',
    ...groups.flatMap(groupOutline),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/**
 * A folder is `text` alone: OPML defines no folder type, and an outline with more than `text`
 * must say with `type` how to read the rest (the W3C validator warns otherwise).
 */
function groupOutline(group: CatalogGroup): string[] {
  return [`    <outline text="${escapeXmlAttribute(markupInert(group.heading))}">`, ...group.entries.map(feedOutline), '    </outline>'];
}

function feedOutline(entry: FeedCatalogEntry): string {
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

function newestUpdate(entries: readonly FeedCatalogEntry[]): string | undefined {
  return entries.reduce<string | undefined>(
    (newest, entry) => (newest === undefined || Date.parse(entry.updated) > Date.parse(newest) ? entry.updated : newest),
    undefined,
  );
}
