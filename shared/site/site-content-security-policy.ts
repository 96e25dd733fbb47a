/**
 * The Content-Security-Policy the distribution sends with every object, so the site's pages work
 * under it and nothing else runs. Checked in a real browser by the browser view tests.
 *
 * - `script-src 'self'`: Chromium fetches the `<?xml-stylesheet?>` XSL as a script; under
 *   `default-src 'none'` alone it refuses it and a feed opens as a blank page. The subscribe
 *   pages load their copy button from `assets/subscribe.js` (same origin, with SRI); no inline
 *   script or handler is ever written, and the pages work without it.
 * - `style-src 'self' 'unsafe-inline'`: the index page, the subscribe pages and the XSL's output
 *   carry their CSS inline (no external resources; every text in them is escaped); a browser
 *   without XSLT styles a feed with `assets/feed.css`, named by its second `<?xml-stylesheet?>`.
 * - `media-src`: the audio and video players of the feed view and the index page play files from
 *   the configured origins only (the publisher's media hosts); with none configured, `'none'`:
 *   the players show and their download links work, but nothing a partner feed names is fetched
 *   by a reader's browser merely for opening the page.
 * - `form-action 'none'`: no page has a form yet (the newsletter form will need its target here).
 * - No `connect-src`, `font-src`, `frame-src`: the pages need none.
 *
 * @example siteContentSecurityPolicy(['https://media.example.org']) // "…; media-src https://media.example.org; …"
 */
export function siteContentSecurityPolicy(mediaOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    'img-src https:',
    `media-src ${mediaOrigins.length === 0 ? "'none'" : mediaOrigins.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
