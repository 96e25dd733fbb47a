/**
 * A strict, linear check that a document is well-formed XML 1.0 (fifth edition) and
 * namespace-well-formed (Namespaces in XML 1.0): what a strict feed reader refuses, this refuses.
 * It replaces a general streaming parser on the stream function's path because it only has to say
 * yes or no, with a position, for documents our own serializer wrote; it builds no tree and emits
 * no events. Every scan moves forward through the text (sticky regexes and `indexOf` from the
 * current position), so time is linear in its length.
 *
 * Not accepted, unlike a general parser: a DOCTYPE (our documents have none, and without a DTD no
 * entity but the five predefined ones can be defined anyway).
 */
export interface XmlPosition {
  line: number;
  column: number;
}

export interface XmlProblem extends XmlPosition {
  reason: string;
}

export type XmlWellFormedness = { ok: true; root: { uri: string; local: string } } | { ok: false; problem: XmlProblem };

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** XML 1.0 fifth edition: NameStartChar and NameChar, without the colon (namespaces give it a meaning). */
const NC_NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NC_NAME_CHAR = `${NC_NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const NAME = `[:${NC_NAME_START}][:${NC_NAME_CHAR}]*`;
const NC_NAME = new RegExp(`^[${NC_NAME_START}][${NC_NAME_CHAR}]*$`, 'u');

/** Anything outside XML's Char production; with the `u` flag a lone surrogate is one such character. */
const FORBIDDEN_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const NAME_AT = new RegExp(NAME, 'uy');
const WHITESPACE_AT = /[ \t\r\n]+/y;
const ATTRIBUTE_AT = new RegExp(`(${NAME})[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"([^"<]*)"|'([^'<]*)')`, 'uy');
const CHARACTER_DATA_AT = /[^<&]*/y;
const REFERENCE_AT = new RegExp(`&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(${NAME}));`, 'uy');
/** `<?xml` and a space or `?`: a declaration, whereas `<?xml-stylesheet` is a processing instruction. */
const XML_DECLARATION_START_AT = /<\?xml[ \t\r\n?]/y;
const XML_DECLARATION_AT =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;

const PREDEFINED_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Thrown inside the scan only, at the index where the document stops being well-formed. */
class NotWellFormed extends Error {
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(reason);
  }
}

interface OpenElement {
  qualifiedName: string;
  /** Prefix bindings in scope inside this element ('' is the default namespace). */
  namespaces: ReadonlyMap<string, string>;
}

export function checkXmlWellFormedness(text: string): XmlWellFormedness {
  try {
    return { ok: true, root: new XmlScan(text).document() };
  } catch (error) {
    if (!(error instanceof NotWellFormed)) throw error;
    return { ok: false, problem: { reason: error.message, ...positionOf(text, error.index) } };
  }
}

/** 1-based line and column of an index, counting characters as an editor does. */
function positionOf(text: string, index: number): XmlPosition {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}

class XmlScan {
  private index = 0;
  private readonly open: OpenElement[] = [];

  constructor(private readonly text: string) {}

  document(): { uri: string; local: string } {
    const forbidden = FORBIDDEN_CHARACTER.exec(this.text);
    if (forbidden) throw new NotWellFormed(forbidden.index, `character U+${codePointHex(forbidden[0])} is not allowed in XML`);
    if (this.text.startsWith('\uFEFF')) this.index = 1;
    this.xmlDeclaration();
    this.miscellany();
    if (this.index >= this.text.length) throw new NotWellFormed(this.index, 'no root element');
    if (!this.text.startsWith('<', this.index)) throw new NotWellFormed(this.index, 'text before the root element');
    const root = this.element();
    this.miscellany();
    if (this.index < this.text.length) {
      const reason = this.text.startsWith('<', this.index) ? 'more than one root element' : 'text after the root element';
      throw new NotWellFormed(this.index, reason);
    }
    return root;
  }

  private xmlDeclaration(): void {
    XML_DECLARATION_START_AT.lastIndex = this.index;
    if (!XML_DECLARATION_START_AT.test(this.text)) return;
    if (this.matchAt(XML_DECLARATION_AT) === undefined) throw new NotWellFormed(this.index, 'malformed XML declaration');
  }

  /** Whitespace, comments and processing instructions, before and after the root element. */
  private miscellany(): void {
    for (;;) {
      this.matchAt(WHITESPACE_AT);
      if (this.text.startsWith('<!--', this.index)) this.comment();
      else if (this.text.startsWith('<?', this.index)) this.processingInstruction();
      else if (this.text.startsWith('<!DOCTYPE', this.index)) throw new NotWellFormed(this.index, 'a DOCTYPE is not accepted');
      else return;
    }
  }

  /** The root element and everything inside it, iteratively: nesting depth costs no stack. */
  private element(): { uri: string; local: string } {
    const root = this.startTag(new Map([['xml', XML_NAMESPACE], ['', '']]));
    while (this.open.length > 0) this.content();
    return root;
  }

  private content(): void {
    const data = this.matchAt(CHARACTER_DATA_AT) ?? [''];
    const cdataEnd = data[0].indexOf(']]>');
    if (cdataEnd >= 0) throw new NotWellFormed(this.index - data[0].length + cdataEnd, '"]]>" is not allowed in text');
    if (this.index >= this.text.length) throw new NotWellFormed(this.index, `unclosed element <${this.open.at(-1)?.qualifiedName}>`);
    if (this.text[this.index] === '&') this.reference();
    else if (this.text.startsWith('</', this.index)) this.endTag();
    else if (this.text.startsWith('<!--', this.index)) this.comment();
    else if (this.text.startsWith('<![CDATA[', this.index)) this.cdataSection();
    else if (this.text.startsWith('<?', this.index)) this.processingInstruction();
    else this.startTag(this.open.at(-1)?.namespaces ?? new Map());
  }

  private startTag(inScope: ReadonlyMap<string, string>): { uri: string; local: string } {
    const tagStart = this.index;
    this.index += 1;
    const qualifiedName = this.name('element name');
    const attributes = this.attributes();
    const namespaces = this.declaredNamespaces(attributes, inScope);
    const expanded = this.expand(qualifiedName, namespaces, true, tagStart);
    this.checkUniqueExpandedAttributes(attributes, namespaces, tagStart);
    if (this.text.startsWith('/>', this.index)) this.index += 2;
    else if (this.text.startsWith('>', this.index)) {
      this.index += 1;
      this.open.push({ qualifiedName, namespaces });
    } else throw new NotWellFormed(this.index, `malformed start tag <${qualifiedName}>`);
    return expanded;
  }

  private attributes(): Map<string, { value: string; index: number }> {
    const attributes = new Map<string, { value: string; index: number }>();
    for (;;) {
      const spaced = this.matchAt(WHITESPACE_AT) !== undefined;
      const index = this.index;
      const attribute = spaced ? this.matchAt(ATTRIBUTE_AT) : undefined;
      if (attribute === undefined) return attributes;
      const [, name = '', doubleQuoted, singleQuoted] = attribute;
      if (attributes.has(name)) throw new NotWellFormed(index, `attribute ${name} appears twice`);
      const value = doubleQuoted ?? singleQuoted ?? '';
      this.checkReferences(value, index + attribute[0].length - value.length - 1);
      attributes.set(name, { value, index });
    }
  }

  /** The bindings inside this element: its own `xmlns` attributes over those in scope. */
  private declaredNamespaces(attributes: ReadonlyMap<string, { value: string; index: number }>, inScope: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    let namespaces = inScope;
    for (const [name, { value, index }] of attributes) {
      const prefix = name === 'xmlns' ? '' : name.startsWith('xmlns:') ? name.slice('xmlns:'.length) : undefined;
      if (prefix === undefined) continue;
      if (name !== 'xmlns' && !NC_NAME.test(prefix)) throw new NotWellFormed(index, `"${prefix}" is not a valid namespace prefix`);
      this.checkBinding(prefix, value, index);
      if (namespaces === inScope) namespaces = new Map(inScope);
      (namespaces as Map<string, string>).set(prefix, value);
    }
    return namespaces;
  }

  private checkBinding(prefix: string, uri: string, index: number): void {
    if (prefix === 'xmlns') throw new NotWellFormed(index, 'the xmlns prefix cannot be declared');
    if (prefix === 'xml' ? uri !== XML_NAMESPACE : uri === XML_NAMESPACE) throw new NotWellFormed(index, 'only the xml prefix is bound to the XML namespace');
    if (uri === XMLNS_NAMESPACE) throw new NotWellFormed(index, 'no prefix may be bound to the xmlns namespace');
    if (prefix !== '' && uri === '') throw new NotWellFormed(index, `prefix ${prefix} cannot be bound to an empty namespace name`);
  }

  /** Prefixed attributes must not name the same {namespace}local twice under different prefixes. */
  private checkUniqueExpandedAttributes(attributes: ReadonlyMap<string, { value: string; index: number }>, namespaces: ReadonlyMap<string, string>, tagStart: number): void {
    const seen = new Set<string>();
    for (const [name, { index }] of attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const { uri, local } = this.expand(name, namespaces, false, index);
      const key = `{${uri}}${local}`;
      if (seen.has(key)) throw new NotWellFormed(tagStart, `attribute ${key} appears twice`);
      seen.add(key);
    }
  }

  /** An element's unprefixed name takes the default namespace; an attribute's takes none. */
  private expand(qualifiedName: string, namespaces: ReadonlyMap<string, string>, isElement: boolean, index: number): { uri: string; local: string } {
    const colon = qualifiedName.indexOf(':');
    if (colon < 0) return { uri: isElement ? (namespaces.get('') ?? '') : '', local: qualifiedName };
    const prefix = qualifiedName.slice(0, colon);
    const local = qualifiedName.slice(colon + 1);
    if (!NC_NAME.test(prefix) || !NC_NAME.test(local)) throw new NotWellFormed(index, `${qualifiedName} is not a qualified name`);
    const uri = namespaces.get(prefix);
    if (uri === undefined) throw new NotWellFormed(index, `unbound namespace prefix: ${prefix}`);
    return { uri, local };
  }

  private endTag(): void {
    const tagStart = this.index;
    this.index += 2;
    const qualifiedName = this.name('end tag name');
    this.matchAt(WHITESPACE_AT);
    if (!this.text.startsWith('>', this.index)) throw new NotWellFormed(this.index, `malformed end tag </${qualifiedName}>`);
    const open = this.open.pop();
    if (open?.qualifiedName !== qualifiedName) throw new NotWellFormed(tagStart, `end tag </${qualifiedName}> does not match <${open?.qualifiedName}>`);
    this.index += 1;
  }

  private reference(): void {
    const index = this.index;
    const reference = this.matchAt(REFERENCE_AT);
    if (reference === undefined) throw new NotWellFormed(index, '"&" must start a character or entity reference');
    this.checkReference(reference, index);
  }

  /** Every `&` inside an attribute value, which the attribute's pattern has already bounded. */
  private checkReferences(value: string, valueStart: number): void {
    for (let at = value.indexOf('&'); at >= 0; at = value.indexOf('&', at + 1)) {
      REFERENCE_AT.lastIndex = at;
      const reference = REFERENCE_AT.exec(value);
      if (reference === null) throw new NotWellFormed(valueStart + at, '"&" must start a character or entity reference');
      this.checkReference(reference, valueStart + at);
    }
  }

  private checkReference([, decimal, hexadecimal, entity]: RegExpExecArray, index: number): void {
    if (entity !== undefined) {
      if (!PREDEFINED_ENTITIES.has(entity)) throw new NotWellFormed(index, `undefined entity &${entity};`);
      return;
    }
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hexadecimal ?? '', 16);
    // A surrogate code point becomes a lone surrogate, which the pattern refuses like any other.
    if (!(codePoint <= 0x10ffff) || FORBIDDEN_CHARACTER.test(String.fromCodePoint(codePoint))) {
      throw new NotWellFormed(index, 'character reference to a character XML does not allow');
    }
  }

  private comment(): void {
    const start = this.index;
    const end = this.text.indexOf('-->', start + 4);
    if (end < 0) throw new NotWellFormed(start, 'unclosed comment');
    if (this.text.indexOf('--', start + 4) !== end) throw new NotWellFormed(start, '"--" is not allowed inside a comment');
    this.index = end + 3;
  }

  private cdataSection(): void {
    const end = this.text.indexOf(']]>', this.index + 9);
    if (end < 0) throw new NotWellFormed(this.index, 'unclosed CDATA section');
    this.index = end + 3;
  }

  private processingInstruction(): void {
    const start = this.index;
    this.index += 2;
    const target = this.name('processing instruction target');
    if (target.toLowerCase() === 'xml') throw new NotWellFormed(start, 'an XML declaration is allowed only at the very start');
    if (target.includes(':')) throw new NotWellFormed(start, `${target} is not a valid processing instruction target`);
    const end = this.text.indexOf('?>', this.index);
    if (end < 0) throw new NotWellFormed(start, 'unclosed processing instruction');
    if (end > this.index && this.matchAt(WHITESPACE_AT) === undefined) throw new NotWellFormed(this.index, 'malformed processing instruction');
    this.index = end + 2;
  }

  private name(what: string): string {
    const name = this.matchAt(NAME_AT);
    if (name === undefined) throw new NotWellFormed(this.index, `expected ${what}`);
    return name[0];
  }

  /** Runs a sticky regex at the current index and moves past what it matched. */
  private matchAt(pattern: RegExp): RegExpExecArray | undefined {
    pattern.lastIndex = this.index;
    const match = pattern.exec(this.text);
    if (match === null) return undefined;
    this.index += match[0].length;
    return match;
  }
}

function codePointHex(character: string): string {
  return (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
