import { toRfc822 } from '../feed/feed-dates.ts';
import { escapeXmlText } from '../feed/xml-escape.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import { groupCatalog, type CatalogGroup } from './catalog-groups.ts';
import { feedOutline, folderOutline, newestUpdate, OPML_SPEC_URL } from './opml-outlines.ts';
import { siteMessagesFor, type SiteMessages } from './site-messages.ts';

export interface OpmlSite {
  title: string;
  siteUrl: string;
  /** The folders are named in it, like the index page's headings. */
  language: string;
}

/**
 * Every subscription feed as an OPML 2.0 subscription list (http://opml.org/spec2.opml), in
 * one folder outline per group: site-wide, topics, partner sources. `xmlUrl` is the RSS document,
 * the format every OPML importer understands. `dateModified` is the newest feed's `updated`, so
 * the same catalog gives the same bytes; the site's home page stands as `ownerId`, the page a
 * reader can reach the publisher from.
 */
export function renderOpml(site: OpmlSite, entries: readonly FeedCatalogEntry[]): string {
  const messages = siteMessagesFor(site.language);
  const groups = groupCatalog(entries);
  const newest = newestUpdate(groups.flatMap((group) => group.entries));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXmlText(messages.feedsOf(site.title))}</title>`,
    ...(newest ? [`    <dateModified>${toRfc822(newest)}</dateModified>`] : []),
    `    <ownerName>${escapeXmlText(site.title)}</ownerName>`,
    `    <ownerId>${escapeXmlText(site.siteUrl)}</ownerId>`,
    `    <docs>${OPML_SPEC_URL}</docs>`,
    '  </head>',
    '  <body>',
    ...groups.flatMap((group) => groupOutline(group, messages)),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** A folder per group, named in the site's language. */
function groupOutline(group: CatalogGroup, messages: SiteMessages): string[] {
  return [folderOutline(messages.groupHeadings[group.kind]), ...group.entries.map(feedOutline), '    </outline>'];
}

