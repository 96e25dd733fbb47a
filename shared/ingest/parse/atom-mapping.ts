import { atomLinksOf, hubAndSelf, preferredHref, type AtomLink, type SkippedLinks } from './atom-links.ts';
import { imageOf, mediaImages } from './feed-images.ts';
import { attachmentOf, mediaAttachments, mergedAttachments, withItemDuration } from './feed-attachments.ts';
import { escapeText } from '../../post/html-escape.ts';
import { innerMarkup } from './inner-markup.ts';
import type { ParsedAttachment, ParsedAuthor, ParsedFeedHead, ParsedImage, ParsedItem } from './parsed-feed.ts';
import { setDefined, type XmlFeedMapping } from './xml-feed-mapping.ts';
import { FEED_NAMESPACES } from './xml-namespaces.ts';
import { attributeText, childNode, childNodes, childText, trimmedText, type XmlNode } from './xml-node.ts';

/** Atom 1.0, Atom 0.3, and Atom written without its namespace: their element names overlap. */
const ATOM_NAMESPACES: ReadonlySet<string> = new Set([FEED_NAMESPACES.atom, FEED_NAMESPACES.atom03, '']);

const XML_LANG = `{${FEED_NAMESPACES.xml}}lang`;

/** How a text construct's content is written (RFC 4287 section 3.1; Atom 0.3's `mode`). */
type TextKind = 'text' | 'html' | 'xhtml';

/**
 * Atom 1.0 (RFC 4287) and 0.3 feeds, and standalone entry documents (RFC 4287 section 4.1.2).
 * Entries are the feed's own `entry` children, whatever prefix they are written with.
 */
export function atomMapping(document: 'feed' | 'entry', skipped: SkippedLinks): XmlFeedMapping {
  return {
    isItem: (node, _parent, parentIsRoot) => parentIsRoot && node.local === 'entry' && ATOM_NAMESPACES.has(node.uri),
    item: (node) => atomEntry(node, skipped),
    head: (root) => (document === 'entry' ? entryDocumentHead(root) : atomHead(root, skipped)),
    rootIsItem: document === 'entry',
  };
}

function atomHead(root: XmlNode, skipped: SkippedLinks): ParsedFeedHead {
  const links = atomLinksOf(childNodes(root, ATOM_NAMESPACES, 'link'), skipped);
  const head: ParsedFeedHead = hubAndSelf(links);
  setDefined(head, 'title', textConstruct(childNode(root, ATOM_NAMESPACES, 'title')));
  setDefined(head, 'homeUrl', preferredHref(links));
  setDefined(head, 'language', attributeText(root, XML_LANG));
  setDefined(head, 'author', atomPeople(root)[0]);
  return head;
}

/** An entry document has no feed around it: only its language is feed-level. */
function entryDocumentHead(root: XmlNode): ParsedFeedHead {
  const head: ParsedFeedHead = { hubUrls: [] };
  setDefined(head, 'language', attributeText(root, XML_LANG));
  return head;
}

function atomEntry(node: XmlNode, skipped: SkippedLinks): ParsedItem {
  const links = atomLinksOf(childNodes(node, ATOM_NAMESPACES, 'link'), skipped);
  const summary = childNode(node, ATOM_NAMESPACES, 'summary');
  const item: ParsedItem = {
    summaryIsHtml: summary === undefined || textKindOf(summary) !== 'text',
    authors: atomPeople(node),
    categories: childNodes(node, ATOM_NAMESPACES, 'category').flatMap((category) => attributeText(category, 'label') ?? attributeText(category, 'term') ?? []),
    images: [...enclosureImages(links), ...mediaImages(node)],
    attachments: withItemDuration(mergedAttachments([...enclosureAttachments(links), ...mediaAttachments(node)]), node),
  };
  setDefined(item, 'guid', childText(node, ATOM_NAMESPACES, 'id'));
  setDefined(item, 'link', preferredHref(links.filter((link) => link.rel !== 'enclosure')));
  setDefined(item, 'title', textConstruct(childNode(node, ATOM_NAMESPACES, 'title')));
  setDefined(item, 'contentHtml', contentHtmlOf(childNode(node, ATOM_NAMESPACES, 'content')));
  setDefined(item, 'summary', textConstruct(summary));
  // Atom 0.3 named them issued, created and modified.
  setDefined(item, 'published', childText(node, ATOM_NAMESPACES, 'published') ?? childText(node, ATOM_NAMESPACES, 'issued') ?? childText(node, ATOM_NAMESPACES, 'created'));
  setDefined(item, 'updated', childText(node, ATOM_NAMESPACES, 'updated') ?? childText(node, ATOM_NAMESPACES, 'modified'));
  setDefined(item, 'language', attributeText(node, XML_LANG));
  return item;
}

/** A title or summary as written: plain text stays text, HTML stays HTML, XHTML becomes HTML markup. */
function textConstruct(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const kind = textKindOf(node);
  if (kind === 'xhtml' || node.children.length > 0) return trimmedText(innerMarkup(xhtmlBody(node)));
  return trimmedText(decodedText(node));
}

/** The body is HTML, so text content is escaped. */
function contentHtmlOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const kind = textKindOf(node);
  if (kind === 'xhtml' || node.children.length > 0) return trimmedText(innerMarkup(xhtmlBody(node)));
  const text = trimmedText(decodedText(node));
  return kind === 'text' && text !== undefined ? escapeText(text) : text;
}

function textKindOf(node: XmlNode): TextKind {
  const type = attributeText(node, 'type')?.toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml' || attributeText(node, 'mode') === 'xml') return 'xhtml';
  if (type === 'html' || type === 'text/html') return 'html';
  return 'text';
}

/** Atom 0.3 `mode="base64"` content; everything else is its text. */
function decodedText(node: XmlNode): string {
  return attributeText(node, 'mode') === 'base64' ? Buffer.from(node.text, 'base64').toString('utf8') : node.text;
}

/** RFC 4287 section 3.1.1.3: XHTML content is wrapped in one `div` that is not part of it. */
function xhtmlBody(node: XmlNode): XmlNode {
  const [only] = node.children;
  const wrapped = node.children.length === 1 && only?.local === 'div' && node.text.trim() === '';
  return wrapped && only !== undefined ? only : node;
}

/** Authors with a name; Atom 0.3 wrote `url` where 1.0 writes `uri`. */
function atomPeople(node: XmlNode): ParsedAuthor[] {
  return childNodes(node, ATOM_NAMESPACES, 'author').flatMap((author) => {
    const name = childText(author, ATOM_NAMESPACES, 'name');
    if (name === undefined) return [];
    const person: ParsedAuthor = { name };
    setDefined(person, 'url', childText(author, ATOM_NAMESPACES, 'uri') ?? childText(author, ATOM_NAMESPACES, 'url'));
    setDefined(person, 'email', childText(author, ATOM_NAMESPACES, 'email'));
    return [person];
  });
}

function enclosureAttachments(links: AtomLink[]): ParsedAttachment[] {
  return links.flatMap((link) => (link.rel === 'enclosure' ? (attachmentOf({ url: link.href, type: link.type, length: link.length, title: link.title }) ?? []) : []));
}

function enclosureImages(links: AtomLink[]): ParsedImage[] {
  return links.flatMap((link) => (link.rel === 'enclosure' ? (imageOf(link.href, link.type, link.length) ?? []) : []));
}
