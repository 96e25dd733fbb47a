/**
 * A minimal XML tree: just enough to describe a feed document before it is serialised. Attributes
 * keep the order they are given in, so the bytes written never depend on anything but the input.
 */
export type XmlNode = XmlElement | string;

export type XmlAttribute = readonly [name: string, value: string];

export interface XmlElement {
  /** Qualified name as written, e.g. `item` or `media:content`. */
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

/** Attribute values that are `undefined` are left out, so optional attributes read naturally. */
export type XmlAttributeInput = Readonly<Record<string, string | number | undefined>>;

/** A child that is `undefined` or `false` is left out; arrays are spread in place. */
export type XmlChildInput = XmlNode | undefined | false | readonly XmlChildInput[];

/** Shared by every element given no attributes: a feed builds thousands of elements per render. */
const NO_ATTRIBUTES: XmlAttributeInput = Object.freeze({});

export function xmlElement(name: string, attributes: XmlAttributeInput = NO_ATTRIBUTES, ...children: XmlChildInput[]): XmlElement {
  return { name, attributes: presentAttributes(attributes), children: presentChildren(children) };
}

/** An element holding only text, e.g. `<title>…</title>`. */
export function xmlTextElement(name: string, text: string, attributes: XmlAttributeInput = NO_ATTRIBUTES): XmlElement {
  return { name, attributes: presentAttributes(attributes), children: [text] };
}

/** A copy of the element with more attributes appended after its own. */
export function withAttributes(element: XmlElement, attributes: readonly XmlAttribute[]): XmlElement {
  return { ...element, attributes: [...element.attributes, ...attributes] };
}

function presentAttributes(attributes: XmlAttributeInput): XmlAttribute[] {
  const present: XmlAttribute[] = [];
  // for…in rather than Object.entries: no array per element, and the same insertion order.
  for (const name in attributes) {
    const value = attributes[name];
    if (value !== undefined) present.push([name, String(value)]);
  }
  return present;
}

function presentChildren(children: readonly XmlChildInput[], present: XmlNode[] = []): XmlNode[] {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    if (Array.isArray(child)) presentChildren(child, present);
    else present.push(child as XmlNode);
  }
  return present;
}
