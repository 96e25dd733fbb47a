/**
 * Atom 1.0 (RFC 4287), written with our own small serializer rather than the `feed` package.
 *
 * Why not `feed` (6.0.0): its Atom output would need rewriting rather than wrapping.
 * - It marks titles and summaries `type="html"` and wraps them in CDATA; ours are plain text, so a
 *   title such as `a <b> c` would be read as markup. Two `]]>` make its output ill-formed.
 * - It builds the enclosure's MIME type from the URL's last path segment (`image/jpg`, or
 *   `image//photo` for `…/photo`) instead of taking the one we pass, and offers no `media:content`.
 * - It writes no `xml:lang` and no `type` on links, and has no extension point for entries.
 * Our serializer escapes every text, keeps element and attribute order fixed, and declares the
 * Media RSS namespace only when an entry has an image. The output passes the RFC 4287 RELAX NG
 * schema (checked with jing by the feed oracle).
 */
import type { Author } from '../post/post-schema.ts';
import type { FeedDocument, FeedItem } from './feed-document.ts';
import { toRfc3339 } from './feed-dates.ts';
import { FEED_GENERATOR } from './feed-generator.ts';
import { itemSummary } from './item-summary.ts';
import { mediaContentElement } from './lead-image-media.ts';
import { attachmentMediaContent } from './attachment-media.ts';
import { xmlElement, xmlTextElement, type XmlChildInput, type XmlElement } from './xml-element.ts';
import { XML_NAMESPACES, declareUsedNamespaces } from './xml-namespaces.ts';
import { serializeXmlDocument } from './xml-serializer.ts';

/** The document as an Atom 1.0 feed document, with Media RSS for lead images. */
export function renderAtom(doc: FeedDocument): string {
  const feed = xmlElement(
    'feed',
    { xmlns: XML_NAMESPACES.atom, 'xml:lang': doc.language },
    feedHead(doc),
    doc.items.map((item) => atomEntry(item, doc.language)),
  );
  return serializeXmlDocument(declareUsedNamespaces(feed), doc);
}

function feedHead(doc: FeedDocument): XmlChildInput[] {
  return [
    xmlTextElement('id', doc.id),
    xmlTextElement('title', doc.title, { type: 'text' }),
    xmlTextElement('subtitle', doc.description, { type: 'text' }),
    xmlTextElement('updated', toRfc3339(doc.updated)),
    xmlElement('link', { rel: 'self', type: 'application/atom+xml', href: doc.links.atom }),
    xmlElement('link', { rel: 'alternate', type: 'text/html', href: doc.homePageUrl }),
    doc.hubs.map((hub) => xmlElement('link', { rel: 'hub', href: hub })),
    pagingLinks(doc),
    doc.copyright ? xmlTextElement('rights', doc.copyright, { type: 'text' }) : undefined,
    xmlTextElement('generator', FEED_GENERATOR),
  ];
}

/** RFC 5005: the chain of archive pages, and `fh:archive` on the pages themselves. */
function pagingLinks(doc: FeedDocument): XmlElement[] {
  const { paging } = doc;
  if (paging === undefined) return [];
  const links: [string, string | undefined][] = [
    ['current', paging.current?.atom],
    ['prev-archive', paging.prevArchive?.atom],
    ['next-archive', paging.nextArchive?.atom],
  ];
  const elements = links.flatMap(([rel, href]) =>
    href === undefined ? [] : [xmlElement('link', { rel, type: 'application/atom+xml', href })],
  );
  if (paging.archive) elements.push(xmlElement('fh:archive', {}));
  return elements;
}

/** `xml:lang` only where the entry's language differs from the feed's, which it inherits. */
function atomEntry(item: FeedItem, feedLanguage: string): XmlElement {
  const summary = itemSummary(item);
  return xmlElement(
    'entry',
    { 'xml:lang': item.language === feedLanguage ? undefined : item.language },
    xmlTextElement('id', item.id),
    xmlTextElement('title', item.title, { type: 'text' }),
    xmlElement('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    xmlTextElement('published', toRfc3339(item.publishedAt)),
    xmlTextElement('updated', toRfc3339(item.updatedAt)),
    item.authors.map(atomAuthor),
    item.categories.map((category) =>
      xmlElement('category', { term: category.term, scheme: category.scheme, label: category.label }),
    ),
    summary ? xmlTextElement('summary', summary, { type: 'text' }) : undefined,
    xmlTextElement('content', item.contentHtml, { type: 'html' }),
    attachmentLinks(item),
    leadImageElements(item),
  );
}

function atomAuthor(author: Author): XmlElement {
  return xmlElement(
    'author',
    {},
    xmlTextElement('name', author.name),
    author.url ? xmlTextElement('uri', author.url) : undefined,
    author.email ? xmlTextElement('email', author.email) : undefined,
  );
}

/**
 * RFC 4287 allows any number of enclosure links: one per audio or video file, with its title;
 * then each as Media RSS `media:content`, as the lead image is, for its medium and duration,
 * which a link cannot carry.
 */
function attachmentLinks(item: FeedItem): XmlElement[] | undefined {
  const { attachments } = item;
  // Most entries have none: no arrays to build and spread for them.
  if (attachments === undefined || attachments.length === 0) return undefined;
  return [
    ...attachments.map((attachment) =>
      xmlElement('link', { rel: 'enclosure', type: attachment.type, length: attachment.length, title: attachment.title, href: attachment.url }),
    ),
    ...attachments.map(attachmentMediaContent),
  ];
}

function leadImageElements(item: FeedItem): XmlElement[] {
  const { image } = item;
  if (image === undefined) return [];
  return [
    xmlElement('link', { rel: 'enclosure', type: image.type, length: image.length, href: image.url }),
    mediaContentElement(image),
  ];
}
