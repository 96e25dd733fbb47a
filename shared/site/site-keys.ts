/** CloudFront's default root object: `https://<distribution>/` serves this key. */
export const SITE_INDEX_KEY = 'index.html';

/** Every subscription feed as OPML 2.0, for importing into a reader in one go. */
export const SITE_OPML_KEY = 'feeds.opml';

/** `text/x-opml` is what readers and the OPML community use; there is no registered type. */
export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8';
export const INDEX_CONTENT_TYPE = 'text/html; charset=utf-8';
export const STYLESHEET_CONTENT_TYPE = 'text/xsl; charset=utf-8';
