/**
 * RSS 2.0, written with our own small serializer rather than the `feed` package.
 *
 * Why not `feed` (6.0.0): working around it would cost more code than writing the format.
 * - Its XML writer (xml-js) splits only the first `]]>` inside CDATA, so a body holding two comes
 *   out ill-formed; it writes `&` raw in attributes it does not pre-escape (a category `domain`
 *   with a query string makes the document ill-formed); and it turns a literal `&amp;` in text
 *   into `&` (it "de-sanitises" before escaping), so such text does not come back as written.
 * - It writes an author without e-mail as `<author>Name</author>`, which RSS forbids (the element
 *   is an e-mail address), and declares `dc:` only when some item has content.
 * - It cannot declare the Media RSS namespace on the root or write `media:content` with caption
 *   and credit, and it always adds a `<docs>` element.
 * Our serializer escapes every text (no CDATA, so any number of `]]>` is safe), writes elements
 * and attributes in a fixed order, and declares each namespace only when the document uses it.
 */
import type { FeedDocument, FeedItem } from './feed-document.ts';
import { toRfc822 } from './feed-dates.ts';
import { FEED_GENERATOR } from './feed-generator.ts';
import { feedRefreshOf } from './feed-refresh.ts';
import { plainTextAsHtml } from './html-text.ts';
import { itemSummary } from './item-summary.ts';
import { mediaContentElement } from './lead-image-media.ts';
import { attachmentMediaContent, rssEnclosure } from './attachment-media.ts';
import { podcastChannelElements, podcastItemElements } from './podcast-elements.ts';
import { xmlElement, xmlTextElement, type XmlChildInput, type XmlElement } from './xml-element.ts';
import { declareUsedNamespaces } from './xml-namespaces.ts';
import { serializeXmlDocument } from './xml-serializer.ts';

/**
 * The document as RSS 2.0 with the Atom, content, Dublin Core and Media RSS extensions it uses;
 * a show's document also with the iTunes and Podcasting 2.0 tags that make it a podcast feed.
 */
export function renderRss(doc: FeedDocument): string {
  const inShowFeed = doc.podcast !== undefined;
  const channel = xmlElement(
    'channel',
    {},
    channelHead(doc),
    doc.podcast ? podcastChannelElements(doc, doc.podcast) : undefined,
    doc.items.map((item) => rssItem(item, inShowFeed)),
  );
  return serializeXmlDocument(declareUsedNamespaces(xmlElement('rss', { version: '2.0' }, channel)), doc);
}

function channelHead(doc: FeedDocument): XmlChildInput[] {
  return [
    xmlTextElement('title', doc.title),
    xmlTextElement('link', doc.homePageUrl),
    xmlTextElement('description', plainTextAsHtml(doc.description)),
    xmlTextElement('language', doc.language),
    doc.copyright ? xmlTextElement('copyright', doc.copyright) : undefined,
    xmlTextElement('lastBuildDate', toRfc822(doc.updated)),
    xmlTextElement('generator', FEED_GENERATOR),
    refreshElements(doc.ttlMinutes),
    xmlElement('atom:link', { href: doc.links.rss, rel: 'self', type: 'application/rss+xml' }),
    doc.hubs.map((hub) => xmlElement('atom:link', { href: hub, rel: 'hub' })),
    pagingLinks(doc),
  ];
}

/** `ttl` and the syndication module say the same thing: the CDN's max-age, in reader terms. */
function refreshElements(ttlMinutes: number | undefined): XmlElement[] {
  if (ttlMinutes === undefined) return [];
  const refresh = feedRefreshOf(ttlMinutes);
  return [
    xmlTextElement('ttl', String(refresh.ttlMinutes)),
    xmlTextElement('sy:updatePeriod', refresh.period),
    xmlTextElement('sy:updateFrequency', String(refresh.frequency)),
  ];
}

/** RFC 5005 in RSS: Atom links for the chain, and `fh:archive` on archive pages. */
function pagingLinks(doc: FeedDocument): XmlElement[] {
  const { paging } = doc;
  if (paging === undefined) return [];
  const links: [string, string | undefined][] = [
    ['current', paging.current?.rss],
    ['prev-archive', paging.prevArchive?.rss],
    ['next-archive', paging.nextArchive?.rss],
  ];
  const elements = links.flatMap(([rel, href]) =>
    href === undefined ? [] : [xmlElement('atom:link', { href, rel, type: 'application/rss+xml' })],
  );
  if (paging.archive) elements.push(xmlElement('fh:archive', {}));
  return elements;
}

/**
 * Of an item, only `description` and `content:encoded` are HTML; the description is our plain
 * summary, so it is escaped for HTML. Titles, names and categories are plain text in RSS (the
 * RSS Advisory Board's reading, and the W3C validator's, which warns on markup in them).
 */
function rssItem(item: FeedItem, inShowFeed: boolean): XmlElement {
  const description = plainTextAsHtml(itemSummary(item));
  return xmlElement(
    'item',
    {},
    xmlTextElement('title', item.title),
    xmlTextElement('link', item.url),
    description ? xmlTextElement('description', description) : undefined,
    item.contentHtml ? xmlTextElement('content:encoded', item.contentHtml) : undefined,
    xmlTextElement('guid', item.id, { isPermaLink: 'false' }),
    xmlTextElement('pubDate', toRfc822(item.publishedAt)),
    authorElements(item),
    item.categories.map((category) => xmlTextElement('category', category.label, { domain: category.scheme })),
    mediaElements(item),
    podcastItemElements(item, inShowFeed),
  );
}

/**
 * Every author as `dc:creator`, and never RSS's own `<author>`: an item should not carry both
 * (the W3C validator warns, and readers list a person twice or drop one of the two). `dc:creator`
 * is the one that fits: it holds a name, which is what readers show, it repeats for several
 * authors, and Universal Feed Parser, Feedly, NetNewsWire and Miniflux all read it. `<author>` is
 * an e-mail address, at most one, that most posts do not have and that we need not publish; the
 * Atom and JSON documents still carry the address where an author has one.
 */
function authorElements(item: FeedItem): XmlElement[] {
  return item.authors.map((author) => xmlTextElement('dc:creator', author.name));
}

/**
 * RSS 2.0 allows one enclosure, and podcast apps play it: the first audio or video attachment
 * when there is one, else the lead image as before. Every attachment and the image are also
 * Media RSS `media:content`, which is where the image stays when the enclosure is audio.
 */
function mediaElements(item: FeedItem): XmlElement[] {
  const { image, attachments = [] } = item;
  const [first] = attachments;
  const enclosure = first ?? image;
  return [
    ...(enclosure === undefined ? [] : [rssEnclosure(enclosure)]),
    ...attachments.map(attachmentMediaContent),
    ...(image === undefined ? [] : [mediaContentElement(image)]),
  ];
}
