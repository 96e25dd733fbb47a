import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/site-config.ts';
import { FEED_FORMATS, FEED_MEDIA_TYPES, type FeedFormat } from '../feed/feed-id.ts';
import type { FeedCatalogEntry } from '../store/feed-catalog.ts';
import { feedNameOf } from './feed-name.ts';
import { FEED_FORMAT_LABELS } from './format-labels.ts';
import { feedReaderLinks } from './feed-reader-links.ts';
import { escapeHtml } from './html-escape.ts';
import { feedAlternateLinks, renderPageHead } from './render-page-head.ts';
import { contentLanguage, siteMessagesFor, type SiteMessages } from './site-messages.ts';
import { SUBSCRIBE_SCRIPT_KEY } from './site-keys.ts';
import { SUBSCRIBE_SCRIPT } from './subscribe-script.ts';

export type SubscribePageSite = Pick<SiteConfig, 'title' | 'siteUrl' | 'feedBaseUrl' | 'language'>;

/** The format whose address the page offers to copy: RSS 2.0 is the one every reader takes. */
const PRIMARY_FORMAT: FeedFormat = 'rss';

/**
 * Subresource Integrity of the script as the site publisher writes it: an asset changed in the
 * bucket by anyone else does not run. Pages and script are published together, so they agree.
 */
const SCRIPT_INTEGRITY = `sha384-${createHash('sha384').update(SUBSCRIBE_SCRIPT, 'utf8').digest('base64')}`;

/** Inline (the CSP allows inline styles, no external ones); logical properties, so RTL mirrors. */
const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --accent: #6cb6ff; --card: #161b22; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif; color: var(--fg); background: Canvas; }
header, main, footer { max-width: 44rem; margin: 0 auto; padding: 1rem; }
header p, footer, .hint, time { color: var(--muted); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1 { margin: .25rem 0; }
.subscribe { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 0 1rem 1rem; }
label { display: block; font-weight: 600; }
.copy { display: flex; gap: .5rem; }
.copy input { flex: 1; min-width: 0; font: inherit; padding: .4rem .6rem; border: 1px solid var(--line); border-radius: .25rem; background: Canvas; color: inherit; }
.copy button { font: inherit; padding: .4rem 1rem; border: 1px solid var(--accent); border-radius: .25rem; background: var(--accent); color: Canvas; cursor: pointer; }
.choices { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.choices a { display: inline-block; padding: .2rem .7rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; }
.items { padding-inline-start: 1.2rem; }
.items time { font-size: .875rem; white-space: nowrap; }
`;

/**
 * The page every "subscribe" link a person clicks leads to, one per feed: what the feed is and
 * what a feed is, its address to copy, one-click links into web readers, its other formats and
 * its newest items. In the site's language and direction; no external resource, no tracking,
 * one same-origin script that only adds the copy button. No clock: the same entry gives the same bytes.
 */
export function renderSubscribePage(site: SubscribePageSite, entry: FeedCatalogEntry): string {
  const messages = siteMessagesFor(site.language);
  const name = feedNameOf(entry, site.title, messages);
  const inSiteLanguage = contentLanguage(entry.language, messages);
  return [
    ...renderPageHead({
      messages,
      title: `${messages.subscribeTo(name)} · ${site.title}`,
      description: entry.description,
      noReferrer: true,
      links: feedAlternateLinks(name, entry.links),
      style: STYLE,
      scripts: [`<script src="${escapeHtml(new URL(SUBSCRIBE_SCRIPT_KEY, site.feedBaseUrl).href)}" integrity="${SCRIPT_INTEGRITY}" defer></script>`],
    }),
    '<body>',
    '<header>',
    `<p><a href="${escapeHtml(site.siteUrl)}"${inSiteLanguage}>${escapeHtml(site.title)}</a></p>`,
    `<h1${inSiteLanguage}>${escapeHtml(name)}</h1>`,
    `<p${inSiteLanguage}>${escapeHtml(entry.description)}</p>`,
    '</header>',
    '<main>',
    subscribeSection(entry, messages),
    latestSection(entry, messages, inSiteLanguage),
    '</main>',
    '<footer>',
    `<p><a href="${escapeHtml(site.feedBaseUrl)}">${escapeHtml(messages.allFeedsOf(site.title))}</a> · <a href="${escapeHtml(entry.homePageUrl)}">${escapeHtml(messages.visitWebsite)}</a></p>`,
    '</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function subscribeSection(entry: FeedCatalogEntry, messages: SiteMessages): string {
  const feedUrl = entry.links[PRIMARY_FORMAT];
  const readers = feedReaderLinks(feedUrl).map((reader) => `<li><a href="${escapeHtml(reader.url)}" rel="external noreferrer">${escapeHtml(reader.name)}</a></li>`);
  const formats = FEED_FORMATS.filter((format) => format !== PRIMARY_FORMAT).map(
    (format) => `<li><a href="${escapeHtml(entry.links[format])}" type="${FEED_MEDIA_TYPES[format]}">${FEED_FORMAT_LABELS[format]}</a></li>`,
  );
  return [
    '<section class="subscribe" aria-labelledby="subscribe-heading">',
    `<h2 id="subscribe-heading">${escapeHtml(messages.subscribeHeading)}</h2>`,
    `<p>${escapeHtml(messages.whatIsAFeed)}</p>`,
    `<label for="feed-url">${escapeHtml(messages.feedAddress)} (${FEED_FORMAT_LABELS[PRIMARY_FORMAT]})</label>`,
    '<div class="copy">',
    `<input id="feed-url" type="url" dir="ltr" readonly value="${escapeHtml(feedUrl)}" aria-describedby="paste-hint">`,
    `<button type="button" hidden data-copy="feed-url" data-status="copy-status" data-copied="${escapeHtml(messages.copied)}" data-copy-failed="${escapeHtml(messages.copyFailed)}">${escapeHtml(messages.copy)}</button>`,
    '</div>',
    `<p class="hint" id="paste-hint">${escapeHtml(messages.pasteHint)}</p>`,
    '<p id="copy-status" role="status"></p>',
    `<h3>${escapeHtml(messages.oneClickHeading)}</h3>`,
    `<ul class="choices">${readers.join('')}</ul>`,
    `<h3>${escapeHtml(messages.otherFormatsHeading)}</h3>`,
    `<ul class="choices">${formats.join('')}</ul>`,
    '</section>',
  ].join('\n');
}

function latestSection(entry: FeedCatalogEntry, messages: SiteMessages, inSiteLanguage: string): string {
  const heading = `<h2 id="latest-heading">${escapeHtml(messages.latestHeading)}</h2>`;
  if (entry.items.length === 0) return `<section aria-labelledby="latest-heading">\n${heading}\n<p>${escapeHtml(messages.noItems)}</p>\n</section>`;
  const items = entry.items.map(
    (item) =>
      `<li><a href="${escapeHtml(item.url)}" dir="auto">${escapeHtml(item.title)}</a> <time datetime="${escapeHtml(item.publishedAt)}">${escapeHtml(item.publishedAt.slice(0, 10))}</time></li>`,
  );
  return ['<section aria-labelledby="latest-heading">', heading, `<ol class="items"${inSiteLanguage}>`, ...items, '</ol>', '</section>'].join('\n');
}
