/** Namespace URIs the feed mappings read, by the prefix feeds conventionally write for them. */
export const FEED_NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  xml: 'http://www.w3.org/XML/1998/namespace',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  podcast: 'https://podcastindex.org/namespace/1.0',
} as const;

/**
 * RSS 0.9x/2.0 has no namespace, but some feeds put its elements in one of these (Userland's and
 * Harvard's RSS 2.0 URIs); RSS 1.0 and 0.90 have their own. All are read as RSS.
 */
export const RSS_NAMESPACES: ReadonlySet<string> = new Set([
  '',
  'http://backend.userland.com/rss2',
  'http://blogs.law.harvard.edu/tech/rss',
  FEED_NAMESPACES.rss10,
  FEED_NAMESPACES.rss090,
]);

/** Media RSS is often declared without its trailing slash. */
export const MEDIA_NAMESPACES: ReadonlySet<string> = new Set([FEED_NAMESPACES.media, 'http://search.yahoo.com/mrss']);

/**
 * Prefixes feeds use without declaring them (`<dc:creator>` in a document with no `xmlns:dc`).
 * Lenient readers (Universal Feed Parser, rss-parser) take them at their usual meaning, so we do.
 */
export const CONVENTIONAL_PREFIXES: Readonly<Record<string, string>> = {
  atom: FEED_NAMESPACES.atom,
  rdf: FEED_NAMESPACES.rdf,
  content: FEED_NAMESPACES.content,
  dc: FEED_NAMESPACES.dc,
  media: FEED_NAMESPACES.media,
  xhtml: FEED_NAMESPACES.xhtml,
  itunes: FEED_NAMESPACES.itunes,
  podcast: FEED_NAMESPACES.podcast,
};

/** Where an undeclared prefix with no usual meaning lands: its elements are kept but match nothing. */
export function undeclaredNamespaceOf(prefix: string): string {
  return `urn:feedline:undeclared-prefix:${prefix}`;
}
