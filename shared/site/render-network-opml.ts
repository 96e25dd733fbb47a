import { toRfc822 } from '../feed/feed-dates.ts';
import { escapeXmlText } from '../feed/xml-escape.ts';
import { groupCatalog } from './catalog-groups.ts';
import { inDirectoryOrder, type NetworkDirectorySite, type NetworkPublication } from './network-directory.ts';
import { feedOutline, folderOutline, newestUpdate, OPML_SPEC_URL } from './opml-outlines.ts';
import { siteMessagesFor } from './site-messages.ts';
import { NETWORK_INDEX_KEY } from './site-keys.ts';

/**
 * `network/feeds.opml`: every subscription feed of every publication as one OPML 2.0 list, a
 * folder per publication named by its title (a `text`-only outline, as in a site's OPML), its
 * feeds inside in the index page's order, each with its own `language`. A publication without
 * feeds has no folder. `dateModified` is the newest feed's `updated`, never the clock; the
 * directory page stands as `ownerId`.
 */
export function renderNetworkOpml(network: NetworkDirectorySite, publications: readonly NetworkPublication[]): string {
  const messages = siteMessagesFor(network.language);
  const folders = inDirectoryOrder(publications)
    .map((publication) => ({ publication, entries: groupCatalog(publication.entries).flatMap((group) => group.entries) }))
    .filter((folder) => folder.entries.length > 0);
  const newest = newestUpdate(folders.flatMap((folder) => folder.entries));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXmlText(messages.feedsOfEveryPublication(network.title))}</title>`,
    ...(newest ? [`    <dateModified>${toRfc822(newest)}</dateModified>`] : []),
    `    <ownerName>${escapeXmlText(network.title)}</ownerName>`,
    `    <ownerId>${escapeXmlText(new URL(NETWORK_INDEX_KEY, network.baseUrl).href)}</ownerId>`,
    `    <docs>${OPML_SPEC_URL}</docs>`,
    '  </head>',
    '  <body>',
    ...folders.flatMap(({ publication, entries }) => [folderOutline(publication.site.title), ...entries.map(feedOutline), '    </outline>']),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
