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
  let text = `${XML_DECLARATION}\n`;
  if (stylesheets.stylesheetUrl !== undefined) text += `${stylesheetInstruction('text/xsl', stylesheets.stylesheetUrl)}\n`;
  if (stylesheets.cssStylesheetUrl !== undefined) text += `${stylesheetInstruction('text/css', stylesheets.cssStylesheetUrl)}\n`;
  return writeElement(root, 0, text);
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

function writeElement(element: XmlElement, depth: number, written: string): string {
  const { children } = element;
  const opening = openingOf(element.name, depth);
  if (children.length === 0) return written + opening + attributesOf(element) + '/>\n';
  const [first] = children;
  // Most elements hold one text: written without the walk mixed content needs.
  if (children.length === 1 && typeof first === 'string') return written + opening + attributesOf(element) + '>' + escapeXmlText(first) + closingOf(element.name);
  if (hasText(children)) return written + opening + attributesOf(element) + '>' + inlineChildren(children) + closingOf(element.name);
  let text = written + opening + attributesOf(element) + '>\n';
  for (const child of children as XmlElement[]) text = writeElement(child, depth + 1, text);
  return text + indentOf(depth) + closingOf(element.name);
}

/**
 * Tag text a feed repeats thousands of times, made once: every `+` of a short piece onto the
 * document is a rope node to allocate now and to walk on the first read. Names come from the
 * renderers' code, a few dozen, so the maps stay small.
 */
const OPENINGS: Map<string, string>[] = [];
const CLOSINGS = new Map<string, string>();

function openingOf(name: string, depth: number): string {
  const openings = (OPENINGS[depth] ??= new Map());
  let opening = openings.get(name);
  if (opening === undefined) openings.set(name, (opening = `${indentOf(depth)}<${name}`));
  return opening;
}

function closingOf(name: string): string {
  let closing = CLOSINGS.get(name);
  if (closing === undefined) CLOSINGS.set(name, (closing = `</${name}>\n`));
  return closing;
}

function attributesOf(element: XmlElement): string {
  let written = '';
  // Indexed rather than destructured: destructuring a pair walks the array iterator per attribute.
  for (const attribute of element.attributes) written += ` ${attribute[0]}="${escapeXmlAttribute(attribute[1])}"`;
  return written;
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
  return `<${element.name}${attributesOf(element)}${selfClosing ? '/>' : '>'}`;
}

function hasText(children: readonly XmlNode[]): boolean {
  for (const child of children) if (isText(child)) return true;
  return false;
}

function isText(node: XmlNode): node is string {
  return typeof node === 'string';
}
