import { atomLinksOf, hubAndSelf, type SkippedLinks } from './atom-links.ts';
import { imageOf, mediaImages, positiveInteger } from './feed-images.ts';
import { attachmentOf, mediaAttachments, mergedAttachments, podcastLinks, withItemDuration } from './feed-attachments.ts';
import { innerMarkup } from './inner-markup.ts';
import type { ParsedAttachment, ParsedAuthor, ParsedFeedHead, ParsedImage, ParsedItem } from './parsed-feed.ts';
import { setDefined, type XmlFeedMapping } from './xml-feed-mapping.ts';
import { FEED_NAMESPACES, RSS_NAMESPACES } from './xml-namespaces.ts';
import { attributeText, childNode, childNodes, childText, trimmedText, type XmlNode } from './xml-node.ts';

const RDF_ABOUT = `{${FEED_NAMESPACES.rdf}}about`;

/**
 * RSS 0.9x, 1.0 (RDF) and 2.0 with the content, Dublin Core, Media RSS and Atom-link extensions.
 * Items are read wherever the versions put them, or producers misplace them: inside `<channel>`
 * (0.9x, 2.0) or beside it under the root (1.0, and `<rss>` documents without a channel).
 */
export function rssMapping(skipped: SkippedLinks): XmlFeedMapping {
  return {
    isItem: (node, parent, parentIsRoot) => node.local === 'item' && RSS_NAMESPACES.has(node.uri) && (parentIsRoot || isChannel(parent)),
    item: rssItem,
    head: (root) => rssHead(root, skipped),
    rootIsItem: false,
  };
}

function isChannel(node: XmlNode): boolean {
  return node.local === 'channel' && RSS_NAMESPACES.has(node.uri);
}

function rssHead(root: XmlNode, skipped: SkippedLinks): ParsedFeedHead {
  const channel = childNode(root, RSS_NAMESPACES, 'channel') ?? root;
  const head: ParsedFeedHead = hubAndSelf(atomLinksOf(childNodes(channel, FEED_NAMESPACES.atom, 'link'), skipped));
  setDefined(head, 'title', childText(channel, RSS_NAMESPACES, 'title') ?? childText(channel, FEED_NAMESPACES.dc, 'title'));
  setDefined(head, 'homeUrl', childText(channel, RSS_NAMESPACES, 'link'));
  setDefined(head, 'language', childText(channel, RSS_NAMESPACES, 'language') ?? childText(channel, FEED_NAMESPACES.dc, 'language'));
  setDefined(head, 'ttlMinutes', positiveInteger(childText(channel, RSS_NAMESPACES, 'ttl')));
  const author = childText(channel, FEED_NAMESPACES.dc, 'creator') ?? childText(channel, RSS_NAMESPACES, 'author');
  if (author !== undefined) head.author = { name: author };
  return head;
}

/** `content:encoded` is the body when present, and `description` its summary; otherwise `description` is the body. */
function rssItem(node: XmlNode): ParsedItem {
  const description = htmlOf(childNode(node, RSS_NAMESPACES, 'description'));
  const encoded = htmlOf(childNode(node, FEED_NAMESPACES.content, 'encoded'));
  const item: ParsedItem = {
    summaryIsHtml: true,
    authors: rssAuthors(node),
    categories: childNodes(node, RSS_NAMESPACES, 'category').flatMap((category) => trimmedText(category.text) ?? []),
    images: [...enclosureImages(node), ...mediaImages(node)],
    attachments: withItemDuration(mergedAttachments([...enclosureAttachments(node), ...mediaAttachments(node)]), node),
    ...podcastLinks(node),
  };
  setDefined(item, 'guid', childText(node, RSS_NAMESPACES, 'guid') ?? attributeText(node, RDF_ABOUT));
  setDefined(item, 'link', childText(node, RSS_NAMESPACES, 'link'));
  setDefined(item, 'title', childText(node, RSS_NAMESPACES, 'title') ?? childText(node, FEED_NAMESPACES.dc, 'title'));
  setDefined(item, 'contentHtml', encoded ?? description);
  setDefined(item, 'summary', encoded === undefined ? undefined : description);
  setDefined(item, 'published', childText(node, RSS_NAMESPACES, 'pubDate') ?? childText(node, FEED_NAMESPACES.dc, 'date'));
  setDefined(item, 'language', childText(node, FEED_NAMESPACES.dc, 'language'));
  return item;
}

/** Escaped or CDATA HTML as its text; markup written unescaped inside the element, as markup. */
function htmlOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  return trimmedText(node.children.length > 0 ? innerMarkup(node) : node.text);
}

/**
 * RSS `<author>` (an e-mail address, `email (Name)`) and `dc:creator`, in document order: our own
 * renderer writes the first author with an e-mail as the one and the others as the other.
 */
function rssAuthors(node: XmlNode): ParsedAuthor[] {
  const names = new Set<string>();
  for (const child of node.children) {
    const isAuthor = (child.local === 'author' && RSS_NAMESPACES.has(child.uri)) || (child.local === 'creator' && child.uri === FEED_NAMESPACES.dc);
    const name = isAuthor ? trimmedText(child.text) : undefined;
    if (name !== undefined) names.add(name);
  }
  return [...names].map((name) => ({ name }));
}

/** Every `<enclosure>` that is an image (RSS 2.0 allows one; feeds write several). */
function enclosureImages(node: XmlNode): ParsedImage[] {
  return childNodes(node, RSS_NAMESPACES, 'enclosure').flatMap(
    (enclosure) => imageOf(attributeText(enclosure, 'url'), attributeText(enclosure, 'type'), attributeText(enclosure, 'length')) ?? [],
  );
}

/** Every `<enclosure>` that is audio or video: what podcast apps play. */
function enclosureAttachments(node: XmlNode): ParsedAttachment[] {
  return childNodes(node, RSS_NAMESPACES, 'enclosure').flatMap(
    (enclosure) => attachmentOf({ url: attributeText(enclosure, 'url'), type: attributeText(enclosure, 'type'), length: attributeText(enclosure, 'length') }) ?? [],
  );
}
