import { FeedParseError } from './parse-error.ts';
import type { XmlPosition } from './xml-node-reader.ts';
import { FEED_NAMESPACES, RSS_NAMESPACES } from './xml-namespaces.ts';
import { attributeText, type XmlNode } from './xml-node.ts';

/** The XML feed formats we read, as the root element names them. */
export type XmlFeedFormat =
  | { family: 'rss'; label: string }
  | { family: 'rdf'; label: 'RSS 1.0 (RDF)' }
  | { family: 'atom'; version: '1.0' | '0.3'; document: 'feed' | 'entry'; label: string };

/**
 * The format of a feed from its root element (namespace URI, local name, `version`), decided
 * once, before any item is read; how Miniflux and Universal Feed Parser tell them apart. The
 * declaration, comments, processing instructions and DOCTYPE before the root do not count, and a
 * prefix does not matter: `<atom:feed>` is Atom. `<rss>` is RSS whatever its version says (none,
 * `1.0`, `0.91`, `2.0`), and an Atom feed without its namespace is still read as Atom.
 *
 * @throws FeedParseError for any other root element, with where it is.
 * @example
 * xmlFeedFormatOf({ uri: 'http://www.w3.org/2005/Atom', local: 'entry', … }, position);
 * // { family: 'atom', version: '1.0', document: 'entry', label: 'Atom 1.0 entry document' }
 */
export function xmlFeedFormatOf(root: XmlNode, position: XmlPosition): XmlFeedFormat {
  if (root.local === 'rss' && RSS_NAMESPACES.has(root.uri)) {
    const version = attributeText(root, 'version');
    return { family: 'rss', label: version === undefined ? 'RSS (no version)' : `RSS ${version}` };
  }
  if (root.local === 'RDF' && root.uri === FEED_NAMESPACES.rdf) return { family: 'rdf', label: 'RSS 1.0 (RDF)' };
  const atomVersion = atomVersionOf(root);
  if (atomVersion !== undefined && (root.local === 'feed' || root.local === 'entry')) {
    const document = root.local;
    return { family: 'atom', version: atomVersion, document, label: `Atom ${atomVersion}${document === 'entry' ? ' entry document' : ''}` };
  }
  const where = `line ${position.line}, column ${position.column}`;
  throw new FeedParseError(`Feed not recognized: the root element ${nameOf(root)} is not RSS, RDF or Atom (${where})`, position.line, position.column);
}

function atomVersionOf(root: XmlNode): '1.0' | '0.3' | undefined {
  if (root.uri === FEED_NAMESPACES.atom) return '1.0';
  if (root.uri === FEED_NAMESPACES.atom03) return '0.3';
  if (root.uri !== '') return undefined;
  return attributeText(root, 'version') === '0.3' ? '0.3' : '1.0';
}

function nameOf(root: XmlNode): string {
  return root.uri === '' ? `<${root.local}>` : `{${root.uri}}${root.local}`;
}
