import type { XmlNode } from './xml-node.ts';
import { escapeAttribute, escapeText } from '../../post/html-escape.ts';

/** HTML elements that have no end tag: `<br></br>` would read as two line breaks in HTML. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * The content of an element as HTML markup: its text escaped, its child elements by local name
 * with their unprefixed attributes. How Atom `type="xhtml"` content (and RSS that embeds markup
 * unescaped) becomes the HTML string the sanitiser reads; prefixes and namespace declarations,
 * meaningless in HTML, are dropped.
 */
export function innerMarkup(node: XmlNode): string {
  let markup = '';
  let textRead = 0;
  for (const child of node.children) {
    markup += escapeText(node.text.slice(textRead, child.textOffset)) + elementMarkup(child);
    textRead = child.textOffset;
  }
  return markup + escapeText(node.text.slice(textRead));
}

function elementMarkup(node: XmlNode): string {
  const attributes = Object.entries(node.attributes)
    .filter(([name]) => !name.startsWith('{') && name !== 'xmlns')
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  if (VOID_ELEMENTS.has(node.local) && node.children.length === 0 && node.text === '') return `<${node.local}${attributes} />`;
  return `<${node.local}${attributes}>${innerMarkup(node)}</${node.local}>`;
}

