import { SaxesParser } from 'saxes';

/**
 * A rendered XML feed read back by a strict, namespace-aware parser (saxes), as a small tree the
 * tests can query by namespace URI and local name. Any parse error throws.
 */
export interface ParsedElement {
  uri: string;
  local: string;
  /** Attribute values by qualified name as written, e.g. `isPermaLink`, `xml:lang`. */
  attributes: Record<string, string>;
  children: ParsedElement[];
  /** The text directly inside this element, entities decoded. */
  text: string;
}

export const NS = {
  none: '',
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
} as const;

export function parseStrictXml(text: string): ParsedElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: ParsedElement[] = [];
  let root: ParsedElement | undefined;
  parser.on('opentag', (tag) => {
    const element: ParsedElement = {
      uri: tag.uri ?? '',
      local: tag.local ?? tag.name,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.name, attribute.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => stack.pop());
  parser.on('text', (value) => appendText(stack, value));
  parser.on('cdata', (value) => appendText(stack, value));
  parser.write(text).close();
  if (root === undefined) throw new Error('no root element');
  return root;
}

function appendText(stack: ParsedElement[], value: string): void {
  const current = stack.at(-1);
  if (current !== undefined) current.text += value;
}

export function childrenNamed(parent: ParsedElement, uri: string, local: string): ParsedElement[] {
  return parent.children.filter((child) => child.uri === uri && child.local === local);
}

/** The one child with this name; throws when there is none or more than one. */
export function onlyChild(parent: ParsedElement, uri: string, local: string): ParsedElement {
  const found = childrenNamed(parent, uri, local);
  if (found.length !== 1) throw new Error(`expected one {${uri}}${local} in ${parent.local}, found ${found.length}`);
  return found[0] as ParsedElement;
}

export function textOf(parent: ParsedElement, uri: string, local: string): string {
  return onlyChild(parent, uri, local).text;
}
