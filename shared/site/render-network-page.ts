import { ALL_FEED, FEED_FORMATS, FEED_MEDIA_TYPES } from '../feed/feed-id.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import { groupCatalog } from './catalog-groups.ts';
import { feedNameOf } from './feed-name.ts';
import { FEED_FORMAT_LABELS } from './format-labels.ts';
import { escapeHtml } from './html-escape.ts';
import { feedAlternateLinks, renderPageHead } from './render-page-head.ts';
import { inDirectoryOrder, languageNameOf, type NetworkDirectorySite, type NetworkPublication } from './network-directory.ts';
import { contentLanguage, siteMessagesFor, type SiteMessages } from './site-messages.ts';
import { NETWORK_OPML_KEY, SITE_INDEX_KEY, SITE_OPML_KEY } from './site-keys.ts';

/** Inline like the index page's; logical properties, so each block mirrors in its own direction. */
const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --accent: #6cb6ff; --card: #161b22; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif; color: var(--fg); background: Canvas; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
header p, footer, .language { color: var(--muted); }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.publications { list-style: none; padding: 0; display: grid; gap: 1.5rem; }
.publication { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; }
.publication h3 { margin: 0 0 .25rem; font-size: 1.3rem; }
.publication p { margin: 0 0 .5rem; }
.feeds { padding-inline-start: 1.2rem; }
.feeds li { margin-block: .25rem; }
.formats { display: inline-flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0; margin-inline-start: .5rem; list-style: none; }
`;

/**
 * `network/index.html`: every publication of the network with its title, description and
 * language, a link to its index page and its OPML, and each of its feeds in all three formats.
 * Each publication's block is written in its own language and direction (`lang`, `dir`), so a
 * Persian block reads right to left on an English page. Autodiscovery offers each publication's
 * site-wide feed, and the network OPML. Absolute URLs, no script, no external resource, no clock.
 */
export function renderNetworkPage(network: NetworkDirectorySite, publications: readonly NetworkPublication[]): string {
  const messages = siteMessagesFor(network.language);
  const opmlUrl = new URL(NETWORK_OPML_KEY, network.baseUrl).href;
  const ordered = inDirectoryOrder(publications);
  return [
    ...renderPageHead({
      messages,
      title: network.title,
      description: network.description,
      links: [
        ...ordered.flatMap(autodiscoveryLinks),
        `<link rel="outline" type="text/x-opml" title="${escapeHtml(messages.feedsOfEveryPublication(network.title))}" href="${escapeHtml(opmlUrl)}">`,
      ],
      style: STYLE,
    }),
    '<body>',
    '<header>',
    `<h1>${escapeHtml(network.title)}</h1>`,
    `<p>${escapeHtml(network.description)}</p>`,
    `<p>${escapeHtml(messages.networkIntro)}</p>`,
    '</header>',
    '<main>',
    '<section aria-labelledby="publications-heading">',
    `<h2 id="publications-heading">${escapeHtml(messages.publicationsHeading)}</h2>`,
    ordered.length === 0 ? `<p>${escapeHtml(messages.noFeedsYet)}</p>` : `<ul class="publications">\n${ordered.map(publicationBlock).join('\n')}\n</ul>`,
    '</section>',
    '</main>',
    '<footer>',
    `<p>${escapeHtml(messages.everyPublicationAtOnce)} <a href="${escapeHtml(opmlUrl)}" type="text/x-opml">feeds.opml</a> (OPML 2.0).</p>`,
    '</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The site-wide feed of each publication in every format: what a reader given this page can follow. */
function autodiscoveryLinks(publication: NetworkPublication): string[] {
  const all = publication.entries.find((entry) => entry.feedId === ALL_FEED);
  return all ? feedAlternateLinks(publication.site.title, all.links) : [];
}

function publicationBlock(publication: NetworkPublication): string {
  const { id, site } = publication;
  const messages = siteMessagesFor(site.language);
  const inSiteLanguage = contentLanguage(site.language, messages);
  const headingId = `publication-${id}`;
  const indexUrl = new URL(SITE_INDEX_KEY, site.feedBaseUrl).href;
  const opmlUrl = new URL(SITE_OPML_KEY, site.feedBaseUrl).href;
  const entries = groupCatalog(publication.entries).flatMap((group) => group.entries);
  return [
    `<li class="publication" data-publication-id="${escapeHtml(id)}" lang="${messages.language}" dir="${messages.direction}">`,
    `<h3 id="${escapeHtml(headingId)}"${inSiteLanguage}><a href="${escapeHtml(indexUrl)}">${escapeHtml(site.title)}</a></h3>`,
    `<p${inSiteLanguage}>${escapeHtml(site.description)}</p>`,
    `<p class="language">${escapeHtml(messages.languageLabel)}: <span lang="${escapeHtml(site.language)}">${escapeHtml(languageNameOf(site.language))}</span></p>`,
    `<p><a href="${escapeHtml(indexUrl)}">${escapeHtml(messages.allFeedsOf(site.title))}</a> · <a href="${escapeHtml(opmlUrl)}" type="text/x-opml">OPML</a></p>`,
    entries.length === 0 ? `<p>${escapeHtml(messages.noFeedsYet)}</p>` : feedList(entries, site.title, messages),
    '</li>',
  ].join('\n');
}

/**
 * Each feed by name, with its three documents. Each link's name is the feed's and then the
 * visible format, so every "RSS" says where it goes and still starts a voice command's match.
 */
function feedList(entries: readonly FeedCatalogEntry[], siteTitle: string, messages: SiteMessages): string {
  const items = entries.map((entry) => {
    const name = feedNameOf(entry, siteTitle, messages);
    const formats = FEED_FORMATS.map(
      (format) =>
        `<li><a href="${escapeHtml(entry.links[format])}" type="${FEED_MEDIA_TYPES[format]}" aria-label="${escapeHtml(`${name}, ${FEED_FORMAT_LABELS[format]}`)}">${FEED_FORMAT_LABELS[format]}</a></li>`,
    );
    return `<li data-feed-id="${escapeHtml(entry.feedId)}">${escapeHtml(name)} <ul class="formats">${formats.join('')}</ul></li>`;
  });
  return [`<h4>${escapeHtml(messages.feedsHeading)}</h4>`, '<ul class="feeds">', ...items, '</ul>'].join('\n');
}
