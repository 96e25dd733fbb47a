import { SaxesParser, type SaxesTagNS } from 'saxes';
import { HTML_ENTITIES } from './html-entities.ts';
import { FeedParseError } from './parse-error.ts';
import { CONVENTIONAL_PREFIXES, undeclaredNamespaceOf } from './xml-namespaces.ts';
import type { XmlNode } from './xml-node.ts';

/** Where the parser is, 1-based: for messages an operator can open the document at. */
export interface XmlPosition {
  line: number;
  column: number;
}

/** What the reader does with a document once its root element has said what it is. */
export interface ItemRule {
  /** Names the format in error messages, e.g. `RSS 2.0`. */
  label: string;
  /** Whether an element (never the root) is an item or entry. */
  isItem(node: XmlNode, parent: XmlNode, parentIsRoot: boolean): boolean;
  /** Each item as it closes; it is not kept in the tree, so memory stays one item deep. */
  onItem(node: XmlNode): void;
}

export interface XmlReadResult {
  root: XmlNode;
  warnings: string[];
}

/**
 * The deepest element nesting read, as browsers cap HTML's. saxes resolves each element's namespace
 * by walking the open elements, so a deep document costs the square of its depth: a 2 MB feed of
 * 200,000 nested elements held a poll worker for minutes. Real feeds nest a few dozen deep.
 */
export const MAX_ELEMENT_DEPTH = 512;

/** saxes prefixes its messages with `line:column: ` and ends them with a period. */
const SAXES_POSITION_PREFIX = /^\d+:\d+: /;

/**
 * One pass of saxes (strict, namespace-aware XML 1.0) over a feed document, building the element
 * tree the mappings read. `onRoot` sees the root element first and decides the format, once;
 * items are handed over as they close. Lenient where mainstream readers are, and nowhere else:
 * HTML 4 entity names, undeclared conventional prefixes, repeated attributes and anything after
 * the root element pass with a warning; every other well-formedness error is a `FeedParseError`
 * with line, column and the format.
 */
export function readXmlNodes(text: string, onRoot: (root: XmlNode, position: XmlPosition) => ItemRule): XmlReadResult {
  const warnings = new Set<string>();
  const parser = new SaxesParser({ xmlns: true, position: true, resolvePrefix: (prefix: string) => undeclaredPrefix(prefix, warnings) });
  Object.assign(parser.ENTITIES, HTML_ENTITIES);
  const stack: XmlNode[] = [];
  const itemFlags: boolean[] = [];
  let root: XmlNode | undefined;
  let rule: ItemRule | undefined;
  let rootClosed = false;

  parser.on('error', (error) => {
    const reason = error.message.replace(SAXES_POSITION_PREFIX, '').replace(/\.$/, '');
    if (rootClosed) return void warnings.add('ignored content after the root element');
    if (reason.startsWith('duplicate attribute')) return void warnings.add(`${reason} (the last value is read)`);
    const where = { line: parser.line, column: parser.column };
    const context = rule?.label ?? 'before the root element';
    throw new FeedParseError(`XML parse error at line ${where.line}, column ${where.column}: ${capitalised(reason)} (${context})`, where.line, where.column, error);
  });
  parser.on('opentagstart', () => {
    if (rootClosed || stack.length < MAX_ELEMENT_DEPTH) return;
    const context = rule?.label ?? 'before the root element';
    throw new FeedParseError(`XML nesting deeper than ${MAX_ELEMENT_DEPTH} elements at line ${parser.line}, column ${parser.column} (${context})`, parser.line, parser.column);
  });
  parser.on('opentag', (tag) => {
    if (rootClosed) return;
    const parent = stack.at(-1);
    const node = nodeOf(tag, parent);
    if (parent === undefined) {
      root = node;
      rule = onRoot(node, { line: parser.line, column: parser.column });
    }
    const isItem = parent !== undefined && rule !== undefined && rule.isItem(node, parent, stack.length === 1);
    if (parent !== undefined && !isItem) parent.children.push(node);
    stack.push(node);
    itemFlags.push(isItem);
  });
  parser.on('closetag', () => {
    if (rootClosed) return;
    const node = stack.pop();
    if (itemFlags.pop() && node !== undefined) rule?.onItem(node);
    if (stack.length === 0) rootClosed = true;
  });
  const appendText = (value: string) => {
    const current = stack.at(-1);
    if (current !== undefined && !rootClosed) current.text += value;
  };
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  parser.write(text).close();
  if (root === undefined) throw new FeedParseError('XML parse error: the document has no root element');
  return { root, warnings: [...warnings] };
}

function nodeOf(tag: SaxesTagNS, parent: XmlNode | undefined): XmlNode {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    attributes[attribute.prefix === '' ? attribute.local : `{${attribute.uri}}${attribute.local}`] = attribute.value;
  }
  return { uri: tag.uri, local: tag.local, attributes, text: '', children: [], textOffset: parent?.text.length ?? 0 };
}

/** saxes asks for the empty prefix too, when no default namespace is declared: that one stays empty. */
function undeclaredPrefix(prefix: string, warnings: Set<string>): string | undefined {
  if (prefix === '') return undefined;
  const uri = CONVENTIONAL_PREFIXES[prefix] ?? undeclaredNamespaceOf(prefix);
  warnings.add(`undeclared namespace prefix "${prefix}:" read as ${uri}`);
  return uri;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
