import { TextDecoder } from 'node:util';
import { IngestError } from '../ingest-error.ts';
import { decodeUtf32, utf32ByteOrderOf } from './decode-utf32.ts';
import { decodeWindows1252 } from './decode-windows-1252.ts';

export class DecodeError extends IngestError {
  override readonly name = 'DecodeError';
  constructor(readonly charset: string) {
    super('decode', `unsupported character encoding "${charset}"`);
  }
}

export interface DecodedBody {
  text: string;
  /** The charset used and where it was found, for logs when a feed comes out garbled. */
  charset: string;
  charsetSource: 'bom' | 'first-bytes' | 'content-type' | 'xml-declaration' | 'default';
}

/** UTF-32 before UTF-16: the UTF-32LE mark begins with the UTF-16LE one (XML 1.0 Appendix F.1). */
const BOMS: { bytes: number[]; charset: string }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];

/**
 * XML 1.0 Appendix F.1 without a byte order mark: a document starts with ASCII (`<` or `{`, or
 * whitespace), so which of the first four bytes are zero gives the code unit size and order.
 * `true` marks a zero byte.
 */
const ZERO_BYTE_PATTERNS: { zeros: boolean[]; charset: string }[] = [
  { zeros: [true, true, true, false], charset: 'utf-32be' },
  { zeros: [false, true, true, true], charset: 'utf-32le' },
  { zeros: [true, false, true, false], charset: 'utf-16be' },
  { zeros: [false, true, false, true], charset: 'utf-16le' },
];

/** `encoding="…"` in an XML declaration; the declaration itself is ASCII in every charset we read. */
const XML_DECLARATION_ENCODING = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * Bytes to text. The charset comes from, in order: a byte order mark; the zero bytes of a UTF-16
 * or UTF-32 document without one (no label can be right for them: no ASCII-compatible charset
 * writes `<` with zero bytes around it); the Content-Type charset
 * (RFC 7303 section 3.2: it overrides the XML declaration); the XML declaration; UTF-8 (the XML
 * and JSON default). One exception to the order, because servers often label everything UTF-8:
 * a body whose Content-Type says UTF-8 but that is not valid UTF-8, and whose XML declaration
 * names another charset, is read in the declared one (how Miniflux and browsers read such feeds).
 *
 * A byte order mark is removed; other leading whitespace is left for the parser adapter.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): DecodedBody {
  const bom = BOMS.find((candidate) => candidate.bytes.every((byte, index) => body[index] === byte));
  if (bom) return { text: decodeAs(body.subarray(bom.bytes.length), bom.charset), charset: bom.charset, charsetSource: 'bom' };
  const wide = wideCharsetOf(body);
  if (wide) return { text: decodeAs(body, wide), charset: wide, charsetSource: 'first-bytes' };
  const declared = XML_DECLARATION_ENCODING.exec(body.subarray(0, 512).toString('latin1'))?.[1]?.toLowerCase();
  const labelled = charsetOfContentType(contentType);
  if (labelled && !(isUtf8Label(labelled) && declared && !isUtf8Label(declared) && !isValidUtf8(body))) {
    return { text: decodeAs(body, labelled), charset: labelled, charsetSource: 'content-type' };
  }
  if (declared) return { text: decodeAs(body, declared), charset: declared, charsetSource: 'xml-declaration' };
  return { text: decodeAs(body, 'utf-8'), charset: 'utf-8', charsetSource: 'default' };
}

export function charsetOfContentType(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

function wideCharsetOf(body: Buffer): string | undefined {
  if (body.length < 4) return undefined;
  return ZERO_BYTE_PATTERNS.find((pattern) => pattern.zeros.every((zero, index) => (body[index] === 0) === zero))?.charset;
}

function isUtf8Label(charset: string): boolean {
  return charset === 'utf-8' || charset === 'utf8';
}

function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Node's TextDecoder (full ICU, as in Lambda's runtime) reads the WHATWG Encoding Standard's
 * charsets under all their labels; UTF-32, which that standard leaves out, has its own decoder.
 * A label neither knows is an error on the subscription, not a guess. The standard maps a few
 * labels to "replacement" (ISO-2022-KR, HZ): decoding those yields one U+FFFD, so they are
 * refused too. As in browsers, the labels ISO-8859-1 and US-ASCII mean windows-1252.
 */
function decodeAs(body: Buffer, charset: string): string {
  if (isUtf8Label(charset)) return body.toString('utf8');
  const utf32 = utf32ByteOrderOf(charset);
  if (utf32) return decodeUtf32(body, utf32);
  const decoder = textDecoderFor(charset);
  if (!decoder) throw new DecodeError(charset);
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(body) : decoder.decode(body);
}

function textDecoderFor(charset: string): TextDecoder | undefined {
  try {
    const decoder = new TextDecoder(charset);
    return decoder.encoding === 'replacement' ? undefined : decoder;
  } catch {
    return undefined;
  }
}
