import type { XmlElement, XmlNode } from './xml-element.ts';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.ts';

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

const INDENT = '  ';

/** The stylesheets a browser may show the document with, named right after the declaration. */
export interface XmlStylesheets {
  stylesheetUrl?: string;
  cssStylesheetUrl?: string;
}

/**
 * Writes a whole document: the declaration, then the tree indented by two spaces. Elements that
 * hold text are written on one line with their text untouched (no indentation is ever added
 * inside text, so content comes back exactly); elements that hold only elements get one child
 * per line. The output ends with a newline.
 */
export function serializeXmlDocument(root: XmlElement, stylesheets: XmlStylesheets = {}): string {
  const lines = [XML_DECLARATION];
  if (stylesheets.stylesheetUrl !== undefined) lines.push(stylesheetInstruction('text/xsl', stylesheets.stylesheetUrl));
  if (stylesheets.cssStylesheetUrl !== undefined) lines.push(stylesheetInstruction('text/css', stylesheets.cssStylesheetUrl));
  writeElement(root, 0, lines);
  // The final newline as an empty last line: appended after the join, it made a rope that cost
  // the whole document's copy on its first read.
  lines.push('');
  return lines.join('\n');
}

/**
 * `<?xml-stylesheet?>` makes a browser show the feed through XSLT; its pseudo-attributes take
 * the same escaping as attributes (W3C "Associating Style Sheets with XML documents"). The CSS
 * comes second: a browser with XSLT transforms the document and the CSS never applies to the
 * result; one without XSLT skips the XSL and styles the feed's own elements with the CSS.
 */
function stylesheetInstruction(type: 'text/xsl' | 'text/css', href: string): string {
  return `<?xml-stylesheet type="${type}" href="${escapeXmlAttribute(href)}"?>`;
}

function writeElement(element: XmlElement, depth: number, lines: string[]): void {
  const indent = indentOf(depth);
  const { children } = element;
  if (children.length === 0) {
    lines.push(indent + startTag(element, true));
  } else if (hasText(children)) {
    lines.push(`${indent}${startTag(element, false)}${inlineChildren(children)}</${element.name}>`);
  } else {
    lines.push(indent + startTag(element, false));
    for (const child of children as XmlElement[]) writeElement(child, depth + 1, lines);
    lines.push(`${indent}</${element.name}>`);
  }
}

const INDENTS: string[] = [];

function indentOf(depth: number): string {
  return (INDENTS[depth] ??= INDENT.repeat(depth));
}

/** Mixed content is written inline: whitespace added between nodes would change the text. */
function inlineChildren(children: readonly XmlNode[]): string {
  let written = '';
  for (const node of children) written += inlineNode(node);
  return written;
}

function inlineNode(node: XmlNode): string {
  if (isText(node)) return escapeXmlText(node);
  if (node.children.length === 0) return startTag(node, true);
  return `${startTag(node, false)}${inlineChildren(node.children)}</${node.name}>`;
}

function startTag(element: XmlElement, selfClosing: boolean): string {
  let tag = `<${element.name}`;
  for (const [name, value] of element.attributes) tag += ` ${name}="${escapeXmlAttribute(value)}"`;
  return tag + (selfClosing ? '/>' : '>');
}

function hasText(children: readonly XmlNode[]): boolean {
  for (const child of children) if (isText(child)) return true;
  return false;
}

function isText(node: XmlNode): node is string {
  return typeof node === 'string';
}
