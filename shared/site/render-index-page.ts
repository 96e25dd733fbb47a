import type { SiteConfig } from '../config/site-config.ts';
import { FEED_FORMATS, FEED_MEDIA_TYPES } from '../feed/feed-id.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import { groupCatalog, type CatalogGroup } from './catalog-groups.ts';
import { feedNameOf } from './feed-name.ts';
import { FEED_FORMAT_LABELS } from './format-labels.ts';
import { escapeHtml } from './html-escape.ts';
import { contentLanguage, siteMessagesFor, type SiteMessages } from './site-messages.ts';
import { SITE_OPML_KEY, subscribePageKey } from './site-keys.ts';

export type IndexPageSite = Pick<SiteConfig, 'title' | 'description' | 'siteUrl' | 'feedBaseUrl' | 'language'>;

/**
 * Inline, so the page needs nothing but itself; system fonts (Noto for Arabic script where the
 * system has no other), light and dark, one column on phones; logical properties, so RTL mirrors.
 */
const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --accent: #6cb6ff; --card: #161b22; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif; color: var(--fg); background: Canvas; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
header p, footer { color: var(--muted); }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; }
.feeds { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr)); }
.feed { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; }
.feed h3 { margin: 0 0 .25rem; font-size: 1.15rem; }
.feed p { margin: 0 0 .5rem; color: var(--muted); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: .5rem 0; list-style: none; }
.actions a { display: inline-block; padding: .2rem .6rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; }
.items { margin: .5rem 0 0; padding-inline-start: 1.1rem; }
.items time { color: var(--muted); font-size: .875rem; white-space: nowrap; }
`;

/**
 * A publication's root page: every subscription feed named for what it holds ("Topic:
 * Kazakhstan"), with its newest items and a link to its subscribe page, which is where a person
 * gets the feed's addresses; `<link rel="alternate">` autodiscovery for every format of every
 * feed (the site-wide feed first), for readers given this page's address; and the OPML. In the
 * site's language and direction (`dir="rtl"` for Persian); the site's title and description keep
 * their own language when the page's texts are not translated into it yet. Absolute URLs, no
 * script, no external resource, and no clock: the same catalog gives the same bytes.
 */
export function renderIndexPage(site: IndexPageSite, entries: readonly FeedCatalogEntry[]): string {
  const messages = siteMessagesFor(site.language);
  const inSiteLanguage = contentLanguage(site.language, messages);
  const groups = groupCatalog(entries);
  const opmlUrl = new URL(SITE_OPML_KEY, site.feedBaseUrl).href;
  return [
    '<!doctype html>',
    `<html lang="${messages.language}" dir="${messages.direction}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(messages.feedsOf(site.title))}</title>`,
    `<meta name="description" content="${escapeHtml(site.description)}">`,
    ...groups.flatMap((group) => group.entries.flatMap(autodiscoveryLinks)),
    `<link rel="outline" type="text/x-opml" title="${escapeHtml(messages.allFeedsOpmlOf(site.title))}" href="${escapeHtml(opmlUrl)}">`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1${inSiteLanguage}>${escapeHtml(site.title)}</h1>`,
    `<p${inSiteLanguage}>${escapeHtml(site.description)}</p>`,
    `<p>${escapeHtml(messages.followAnyFeed)} <a href="${escapeHtml(site.siteUrl)}">${escapeHtml(messages.visitWebsite)}</a>.</p>`,
    '</header>',
    '<main>',
    groups.length === 0 ? `<p>${escapeHtml(messages.noFeedsYet)}</p>` : groups.map((group) => groupSection(site, group, messages)).join('\n'),
    '</main>',
    '<footer>',
    `<p>${escapeHtml(messages.everyFeedAtOnce)} <a href="${escapeHtml(opmlUrl)}" type="text/x-opml">feeds.opml</a> (OPML 2.0).</p>`,
    '</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function autodiscoveryLinks(entry: FeedCatalogEntry): string[] {
  return FEED_FORMATS.map(
    (format) =>
      `<link rel="alternate" type="${FEED_MEDIA_TYPES[format]}" title="${escapeHtml(`${entry.title} (${FEED_FORMAT_LABELS[format]})`)}" href="${escapeHtml(entry.links[format])}">`,
  );
}

function groupSection(site: IndexPageSite, group: CatalogGroup, messages: SiteMessages): string {
  const headingId = `feeds-${group.kind}`;
  return [
    `<section aria-labelledby="${headingId}">`,
    `<h2 id="${headingId}">${escapeHtml(messages.groupHeadings[group.kind])}</h2>`,
    '<ul class="feeds">',
    ...group.entries.map((entry) => feedCard(site, entry, messages)),
    '</ul>',
    '</section>',
  ].join('\n');
}

/**
 * A card says what the feed is, not the site's description again: every feed shares that, and
 * the header already shows it. Both links lead to pages made for people; the feed files are for
 * readers, which find them through the subscribe page or autodiscovery.
 */
function feedCard(site: IndexPageSite, entry: FeedCatalogEntry, messages: SiteMessages): string {
  const name = feedNameOf(entry, site.title, messages);
  const subscribeUrl = new URL(subscribePageKey(entry.feedId), site.feedBaseUrl).href;
  return [
    `<li class="feed" data-feed-id="${escapeHtml(entry.feedId)}">`,
    `<h3>${escapeHtml(name)}</h3>`,
    '<ul class="actions">',
    `<li><a href="${escapeHtml(subscribeUrl)}" aria-label="${escapeHtml(messages.subscribeTo(name))}">${escapeHtml(messages.subscribeHeading)}</a></li>`,
    `<li><a href="${escapeHtml(entry.homePageUrl)}" aria-label="${escapeHtml(messages.onTheWebsiteOf(name))}">${escapeHtml(messages.onTheWebsite)}</a></li>`,
    '</ul>',
    latestItems(entry, messages),
    '</li>',
  ].join('\n');
}

/**
 * Under the card's heading, which names the feed; an `aria-label` on a list is not for that.
 * Titles from partner feeds may be in another script: each takes its own direction.
 */
function latestItems(entry: FeedCatalogEntry, messages: SiteMessages): string {
  if (entry.items.length === 0) return `<p>${escapeHtml(messages.noItemsYet)}</p>`;
  const items = entry.items.map(
    (item) =>
      `<li><a href="${escapeHtml(item.url)}" dir="auto">${escapeHtml(item.title)}</a> <time datetime="${escapeHtml(item.publishedAt)}">${escapeHtml(item.publishedAt.slice(0, 10))}</time></li>`,
  );
  return `<ol class="items">\n${items.join('\n')}\n</ol>`;
}
