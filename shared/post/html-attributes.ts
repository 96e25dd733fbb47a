import { HTML_ENTITIES } from '../ingest/parse/html-entities.ts';

/** One attribute of a start tag: its name in lower case, its value decoded, and where it is written. */
export interface HtmlAttribute {
  name: string;
  value: string;
  /** Offset of the name's first character. */
  start: number;
  /** Offset just past the value (past its closing quote), or past the name when it has no value. */
  end: number;
}

/** Elements whose content is text up to their end tag (HTML's raw text, escapable raw text and plaintext). */
const TEXT_ONLY_ELEMENTS = new Set(['script', 'style', 'iframe', 'noembed', 'noframes', 'xmp', 'title', 'textarea', 'plaintext']);

const WHITESPACE = /[\t\n\f\r ]/;

/**
 * Every attribute of every start tag, in document order, following the HTML tokenizer's states
 * where a tag begins and ends: comments, declarations, processing instructions, end tags and the
 * content of script-like elements hold no attributes. One pass, no backtracking, so a hostile body
 * costs linear time. What `resolveRelativeLinks` needs without a full HTML parser in the stream
 * function's bundle (htmlparser2 and its entity tables weighed 51 KiB there).
 */
export function htmlAttributes(html: string): HtmlAttribute[] {
  const attributes: HtmlAttribute[] = [];
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open === -1) break;
    const next = html[open + 1] ?? '';
    if (next === '!') index = afterMarkupDeclaration(html, open);
    else if (next === '?' || next === '/') index = afterGreaterThan(html, open);
    else if (/[a-z]/i.test(next)) {
      const tag = readStartTag(html, open + 1, attributes);
      index = tag.end;
      if (TEXT_ONLY_ELEMENTS.has(tag.name)) index = tag.name === 'plaintext' ? html.length : afterEndTagOf(html, tag.name, index);
    } else index = open + 1;
  }
  return attributes;
}

function afterGreaterThan(html: string, from: number): number {
  const close = html.indexOf('>', from);
  return close === -1 ? html.length : close + 1;
}

/** `<!-- … -->` (also the empty `<!-->` and `<!--->`), `<![CDATA[ … ]]>`, or a declaration up to `>`. */
function afterMarkupDeclaration(html: string, open: number): number {
  if (html.startsWith('<!--', open)) {
    if (html.startsWith('>', open + 4)) return open + 5;
    if (html.startsWith('->', open + 4)) return open + 6;
    const close = html.indexOf('-->', open + 4);
    return close === -1 ? html.length : close + 3;
  }
  if (html.startsWith('<![CDATA[', open)) {
    const close = html.indexOf(']]>', open + 9);
    return close === -1 ? html.length : close + 3;
  }
  return afterGreaterThan(html, open);
}

/** Past `</name` (any case) and the rest of that end tag; the end of the text when it never ends. */
function afterEndTagOf(html: string, name: string, from: number): number {
  const lower = html.toLowerCase();
  for (let close = lower.indexOf(`</${name}`, from); close !== -1; close = lower.indexOf(`</${name}`, close + 2)) {
    const after = html[close + 2 + name.length] ?? '';
    if (after === '' || after === '>' || after === '/' || WHITESPACE.test(after)) return afterGreaterThan(html, close);
  }
  return html.length;
}

function readStartTag(html: string, nameStart: number, attributes: HtmlAttribute[]): { name: string; end: number } {
  let index = nameStart;
  while (index < html.length && !isEndOfName(html[index] ?? '')) index += 1;
  const name = html.slice(nameStart, index).toLowerCase();
  while (index < html.length) {
    const character = html[index] ?? '';
    if (character === '>') return { name, end: index + 1 };
    if (character === '/' || WHITESPACE.test(character)) {
      index += 1;
      continue;
    }
    index = readAttribute(html, index, attributes);
  }
  return { name, end: index };
}

function isEndOfName(character: string): boolean {
  return character === '/' || character === '>' || WHITESPACE.test(character);
}

/**
 * One `name`, `name=value`, `name="value"` or `name='value'`; returns where the next one may start.
 * One cut off by the end of the text is not reported: a tag the text ends inside is no tag.
 */
function readAttribute(html: string, start: number, attributes: HtmlAttribute[]): number {
  let index = start + 1;
  while (index < html.length && !isEndOfName(html[index] ?? '') && html[index] !== '=') index += 1;
  const name = html.slice(start, index).toLowerCase();
  let afterName = index;
  while (WHITESPACE.test(html[afterName] ?? '')) afterName += 1;
  if (afterName >= html.length) return html.length;
  if (html[afterName] !== '=') {
    attributes.push({ name, value: '', start, end: index });
    return afterName;
  }
  let valueStart = afterName + 1;
  while (WHITESPACE.test(html[valueStart] ?? '')) valueStart += 1;
  const quote = html[valueStart];
  if (quote === '"' || quote === "'") {
    const close = html.indexOf(quote, valueStart + 1);
    if (close === -1) return html.length;
    attributes.push({ name, value: decodeAttributeValue(html.slice(valueStart + 1, close)), start, end: close + 1 });
    return close + 1;
  }
  let end = valueStart;
  while (end < html.length && html[end] !== '>' && !WHITESPACE.test(html[end] ?? '')) end += 1;
  if (end >= html.length) return html.length;
  attributes.push({ name, value: decodeAttributeValue(html.slice(valueStart, end)), start, end });
  return end;
}

/** The predefined five, which the HTML 4 table leaves to XML parsers. */
const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const CHARACTER_REFERENCE = /&(?:#[xX]([0-9a-fA-F]+);?|#(\d+);?|([a-zA-Z][a-zA-Z0-9]*)(;?))/g;

/**
 * Character references in an attribute value, as a browser reads them: numeric ones, and the
 * named ones of HTML 4 and XML. A name without its `;` followed by `=` or a letter or digit
 * is left as written (`?a=1&copy=2` is a query string, not a copyright sign).
 */
export function decodeAttributeValue(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(CHARACTER_REFERENCE, (reference: string, hex?: string, decimal?: string, name?: string, semicolon?: string, offset?: number) => {
    if (hex !== undefined || decimal !== undefined) return codePointText(hex === undefined ? Number(decimal) : Number.parseInt(hex, 16));
    const text = entityText(name ?? '');
    if (text === undefined) return reference;
    if (semicolon === '') {
      const following = value[(offset ?? 0) + reference.length] ?? '';
      if (following === '=' || /[a-zA-Z0-9]/.test(following)) return reference;
    }
    return text;
  });
}

/** Own keys only: `&constructor;` names no character, whatever every object inherits. */
function entityText(name: string): string | undefined {
  if (Object.hasOwn(PREDEFINED_ENTITIES, name)) return PREDEFINED_ENTITIES[name];
  return Object.hasOwn(HTML_ENTITIES, name) ? HTML_ENTITIES[name] : undefined;
}

/** HTML reads numeric references to C1 controls as the windows-1252 characters at those bytes. */
const WINDOWS_1252_C1: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030,
  0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022,
  0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

/** What HTML reads for a numeric reference: U+FFFD for NUL, surrogates and values past Unicode. */
function codePointText(codePoint: number): string {
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(WINDOWS_1252_C1[codePoint] ?? codePoint);
}
