import { siteMessagesFor } from './site-messages.ts';

/**
 * The CSS every RSS and Atom document names after its XSL, for browsers without XSLT (Chromium
 * disables it by default from M158). Such a browser skips the XSL and, finding a CSS stylesheet,
 * styles the feed's own elements instead of showing its XML tree: a column of item titles, dates
 * and summaries under the feed's title, with a note saying what the page is. A browser with XSLT
 * shows the XSL's page; the CSS never reaches it. Like the XSL, a string module the site publisher
 * writes to `assets/feed.css` (unchanged bytes are never PUT).
 *
 * XML elements have no default styles: each one shown is named here, and everything else in a
 * channel, feed, item or entry is hidden (links that cannot be clicked, ids, bodies of escaped
 * HTML, categories, images). Unprefixed names match RSS's elements; Atom's are in its namespace.
 * `unicode-bidi: plaintext` lets each title and summary take the direction of its own text, since
 * CSS cannot read RSS's `<language>`. RSS descriptions are HTML holding escaped plain text, which
 * CSS cannot decode: a summary with `<`, `>` or `&` shows their entities (the XSL view decodes them).
 * Each publication's CSS writes its note in the site's language and lays the page out in its
 * direction (`direction: rtl` for Persian; logical properties, so the layout mirrors).
 */
export function renderFeedCss(siteLanguage: string): string {
  const messages = siteMessagesFor(siteLanguage);
  return `@namespace atom url("http://www.w3.org/2005/Atom");

:root {
  direction: ${messages.direction};
  color-scheme: light dark;
  --muted: #57606a;
  --line: #d0d7de;
  --note: #fff8c5;
  display: block;
  max-width: 48rem;
  margin: 0 auto;
  padding: 1rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif;
}

@media (prefers-color-scheme: dark) {
  :root { --muted: #9da7b3; --line: #30363d; --note: #3b2e00; }
}

:root::before {
  content: ${cssString(messages.feedCssNote)};
  display: block;
  margin-block-end: 1.5rem;
  padding: 1rem;
  border: 1px solid var(--line);
  border-radius: .25rem;
  background: var(--note);
}

channel > *, atom|feed > *, channel > item > *, atom|entry > * {
  display: none;
}

channel, channel > item, atom|feed > atom|entry {
  display: block;
}

channel > title, atom|feed > atom|title,
channel > description, atom|feed > atom|subtitle,
channel > item > title, atom|entry > atom|title,
channel > item > pubDate, atom|entry > atom|published,
channel > item > description, atom|entry > atom|summary {
  display: block;
  unicode-bidi: plaintext;
  overflow-wrap: anywhere;
}

channel > title, atom|feed > atom|title {
  font-size: 2rem;
  font-weight: bold;
  line-height: 1.25;
}

channel > description, atom|feed > atom|subtitle, channel > item > pubDate, atom|entry > atom|published {
  color: var(--muted);
}

channel > item, atom|feed > atom|entry {
  margin-block-start: 1rem;
  padding-block-start: 1rem;
  border-block-start: 1px solid var(--line);
}

channel > item > title, atom|entry > atom|title {
  font-size: 1.2rem;
  font-weight: bold;
}

channel > item > pubDate, atom|entry > atom|published {
  font-size: .875rem;
}

/* RSS writes the date after the description; shown under the title, as in Atom. */
channel > item {
  display: flex;
  flex-direction: column;
}

channel > item > title {
  order: -2;
}

channel > item > pubDate {
  order: -1;
}
`;
}

/** A CSS string literal: quotes, backslashes and line breaks escaped by code point. */
function cssString(text: string): string {
  return `"${text.replace(/["\\\n\r]/g, (character) => `\\${character.codePointAt(0)?.toString(16)} `)}"`;
}
