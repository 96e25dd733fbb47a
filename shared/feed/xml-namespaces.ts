import { withAttributes, type XmlAttribute, type XmlElement } from './xml-element.ts';

/** The namespaces our feeds may use, keyed by the prefix we write; declared in this order. */
export const XML_NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  fh: 'http://purl.org/syndication/history/1.0',
  sy: 'http://purl.org/rss/1.0/modules/syndication/',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  podcast: 'https://podcastindex.org/namespace/1.0',
} as const;

export type XmlPrefix = keyof typeof XML_NAMESPACES;

/** Prefixes every XML processor knows without a declaration. */
const PREDECLARED_PREFIXES = new Set(['xml', 'xmlns']);

export class UndeclaredXmlPrefixError extends Error {
  override readonly name = 'UndeclaredXmlPrefixError';
  constructor(readonly prefix: string) {
    super(`XML prefix "${prefix}" is used but has no known namespace`);
  }
}

/**
 * Declares on the root exactly the prefixes the tree uses, so a feed without images carries no
 * Media RSS declaration and the same tree always gets the same declarations in the same order.
 */
export function declareUsedNamespaces(root: XmlElement): XmlElement {
  const used = new Set<string>();
  collectPrefixes(root, used);
  const declarations: XmlAttribute[] = [];
  for (const [prefix, uri] of Object.entries(XML_NAMESPACES)) {
    if (used.delete(prefix)) declarations.push([`xmlns:${prefix}`, uri]);
  }
  const [unknown] = used;
  if (unknown !== undefined) throw new UndeclaredXmlPrefixError(unknown);
  return withAttributes(root, declarations);
}

function collectPrefixes(element: XmlElement, used: Set<string>): void {
  addPrefix(element.name, used);
  for (const [name] of element.attributes) addPrefix(name, used);
  for (const child of element.children) {
    if (typeof child !== 'string') collectPrefixes(child, used);
  }
}

function addPrefix(qualifiedName: string, used: Set<string>): void {
  const colon = qualifiedName.indexOf(':');
  if (colon < 0) return;
  const prefix = qualifiedName.slice(0, colon);
  if (!PREDECLARED_PREFIXES.has(prefix)) used.add(prefix);
}
