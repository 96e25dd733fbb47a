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

function groupOutline(group: CatalogGroup): string[] {
  const text = escapeXmlAttribute(group.heading);
  return [`    <outline text="${text}" title="${text}">`, ...group.entries.map(feedOutline), '    </outline>'];
}

function feedOutline(entry: FeedCatalogEntry): string {
  const attributes: [string, string][] = [
    ['type', 'rss'],
    ['version', 'RSS2'],
    ['text', entry.title],
    ['title', entry.title],
    ['xmlUrl', entry.links.rss],
    ['htmlUrl', entry.homePageUrl],
    ['description', entry.description],
    ['language', entry.language],
  ];
  return `      <outline ${attributes.map(([name, value]) => `${name}="${escapeXmlAttribute(value)}"`).join(' ')}/>`;
}

function newestUpdate(entries: readonly FeedCatalogEntry[]): string | undefined {
  return entries.reduce<string | undefined>(
    (newest, entry) => (newest === undefined || Date.parse(entry.updated) > Date.parse(newest) ? entry.updated : newest),
    undefined,
  );
}
