import { NETWORK_OBJECT_PREFIX } from '../publication/publication-keys.ts';

/** CloudFront's default root object: `https://<distribution>/` serves this key. */
export const SITE_INDEX_KEY = 'index.html';

/** Every subscription feed as OPML 2.0, for importing into a reader in one go. */
export const SITE_OPML_KEY = 'feeds.opml';

/** `text/x-opml` is what readers and the OPML community use; there is no registered type. */
export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
export const STYLESHEET_CONTENT_TYPE = 'text/xsl; charset=utf-8';
export const CSS_CONTENT_TYPE = 'text/css; charset=utf-8';
export const SCRIPT_CONTENT_TYPE = 'text/javascript; charset=utf-8';

/** The copy button's script: `script-src 'self'` allows no inline script, so it is a file of its own. */
export const SUBSCRIBE_SCRIPT_KEY = 'assets/subscribe.js';

/**
 * A feed's subscribe page, beside its documents: `feeds/topics/russia/subscribe.html`. Under the
 * feed prefix, so the stream function's existing grant covers it; not a feed file name, so the
 * bucket listing and the rebuild never take it for a format.
 */
export function subscribePageKey(feedId: string): string {
  return `feeds/${feedId}/subscribe.html`;
}

/** The network directory: every publication of the stack and its feeds, at the distribution's root. */
export const NETWORK_INDEX_KEY = `${NETWORK_OBJECT_PREFIX}index.html`;

/** Every feed of every publication as one OPML 2.0, a folder per publication. */
export const NETWORK_OPML_KEY = `${NETWORK_OBJECT_PREFIX}feeds.opml`;
