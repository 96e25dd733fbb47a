/**
 * One element of a feed document as the reader keeps it: namespace URI and local name, attributes,
 * direct text (entities decoded, CDATA included), and child elements. Where each child sat in the
 * text is kept too, so mixed content (Atom xhtml) can be written back as markup.
 */
export interface XmlNode {
  uri: string;
  local: string;
  /** Unprefixed attributes by local name; namespaced ones by `{uri}local` (e.g. `{…XML…}lang`). */
  attributes: Record<string, string>;
  text: string;
  children: XmlNode[];
  /** Length of the parent's `text` when this element started. */
  textOffset: number;
}

export function childNode(parent: XmlNode, namespaces: ReadonlySet<string> | string, local: string): XmlNode | undefined {
  return parent.children.find((child) => child.local === local && inNamespace(child, namespaces));
}

export function childNodes(parent: XmlNode, namespaces: ReadonlySet<string> | string, local: string): XmlNode[] {
  return parent.children.filter((child) => child.local === local && inNamespace(child, namespaces));
}

/** The trimmed text of the first such child; undefined when absent or blank. */
export function childText(parent: XmlNode, namespaces: ReadonlySet<string> | string, local: string): string | undefined {
  const child = childNode(parent, namespaces, local);
  return child === undefined ? undefined : trimmedText(child.text);
}

export function attributeText(node: XmlNode, name: string): string | undefined {
  const value = node.attributes[name];
  return value === undefined ? undefined : trimmedText(value);
}

export function trimmedText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

function inNamespace(node: XmlNode, namespaces: ReadonlySet<string> | string): boolean {
  return typeof namespaces === 'string' ? node.uri === namespaces : namespaces.has(node.uri);
}
