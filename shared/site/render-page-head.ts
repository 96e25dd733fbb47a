import { FEED_FORMATS, FEED_MEDIA_TYPES, type FeedFormat } from '../feed/feed-id.ts';
import { FEED_FORMAT_LABELS } from './format-labels.ts';
import { escapeHtml } from './html-escape.ts';
import type { SiteMessages } from './site-messages.ts';

export interface PageHead {
  /** The page's own language and direction: its texts', not necessarily its content's. */
  messages: Pick<SiteMessages, 'language' | 'direction'>;
  title: string;
  description: string;
  /** A page with links to elsewhere that should not tell where the reader came from. */
  noReferrer?: boolean;
  /** Whole `<link>` elements: autodiscovery of feeds, the OPML outline. */
  links: readonly string[];
  /** Inline CSS: the pages load no external style. */
  style: string;
  /** Whole `<script>` elements, after the style. */
  scripts?: readonly string[];
}

/**
 * The start of every page the site publishes, from `<!doctype html>` to `</head>`, one line each:
 * the language and direction on `<html>`, UTF-8, the phone viewport, title and description.
 */
export function renderPageHead(head: PageHead): string[] {
  return [
    '<!doctype html>',
    `<html lang="${head.messages.language}" dir="${head.messages.direction}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(head.noReferrer ? ['<meta name="referrer" content="no-referrer">'] : []),
    `<title>${escapeHtml(head.title)}</title>`,
    `<meta name="description" content="${escapeHtml(head.description)}">`,
    ...head.links,
    `<style>${head.style}</style>`,
    ...(head.scripts ?? []),
    '</head>',
  ];
}

/** `<link rel="alternate">` autodiscovery of one feed in every format, titled "<name> (<format>)". */
export function feedAlternateLinks(name: string, links: Readonly<Record<FeedFormat, string>>): string[] {
  return FEED_FORMATS.map(
    (format) => `<link rel="alternate" type="${FEED_MEDIA_TYPES[format]}" title="${escapeHtml(`${name} (${FEED_FORMAT_LABELS[format]})`)}" href="${escapeHtml(links[format])}">`,
  );
}
