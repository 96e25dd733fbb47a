import type { SiteConfig } from '../config/site-config.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import { groupCatalog, type CatalogGroup } from './catalog-groups.ts';
import { feedNameOf } from './feed-name.ts';
import { escapeHtml } from './html-escape.ts';
import { feedAlternateLinks, renderPageHead } from './render-page-head.ts';
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
.player { margin: .25rem 0 .5rem; }
.player audio, .player video { display: block; width: 100%; }
.player video { max-height: 14rem; background: #000; }
.player p { margin: 0; }
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
    ...renderPageHead({
      messages,
      title: messages.feedsOf(site.title),
      description: site.description,
      links: [
        ...groups.flatMap((group) => group.entries.flatMap((entry) => feedAlternateLinks(entry.title, entry.links))),
        `<link rel="outline" type="text/x-opml" title="${escapeHtml(messages.allFeedsOpmlOf(site.title))}" href="${escapeHtml(opmlUrl)}">`,
      ],
      style: STYLE,
    }),
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
      `<li><a href="${escapeHtml(item.url)}" dir="auto">${escapeHtml(item.title)}</a> <time datetime="${escapeHtml(item.publishedAt)}">${escapeHtml(item.publishedAt.slice(0, 10))}</time>${item.media ? mediaPlayer(item.title, item.media, messages) : ''}</li>`,
  );
  return `<ol class="items">\n${items.join('\n')}\n</ol>`;
}

/**
 * The item's audio or video, fetched only when played (an episode is tens of megabytes), named
 * by the item's title, with the file's own link for when it cannot play: an old browser, a type
 * it lacks, or a host the site's media-src does not allow. The same player as the feed view's.
 */
function mediaPlayer(itemTitle: string, media: { url: string; type: string }, messages: SiteMessages): string {
  const element = media.type.startsWith('video/') ? 'video' : 'audio';
  const download = element === 'video' ? messages.downloadVideo : messages.downloadAudio;
  const url = escapeHtml(media.url);
  const type = escapeHtml(media.type);
  return [
    '<div class="player">',
    `<${element} controls preload="none" aria-label="${escapeHtml(itemTitle)}"><source src="${url}" type="${type}"></${element}>`,
    `<p><a href="${url}" type="${type}">${escapeHtml(download)}</a></p>`,
    '</div>',
  ].join('');
}
