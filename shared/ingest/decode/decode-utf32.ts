export type Utf32ByteOrder = 'le' | 'be';

const UTF32_LABELS: Readonly<Record<string, Utf32ByteOrder>> = {
  'utf-32le': 'le',
  'utf-32be': 'be',
  // Without a byte order mark, UTF-32 is big-endian (Unicode 15, section 3.10, D101).
  'utf-32': 'be',
  utf32: 'be',
  'ucs-4': 'be',
};

const REPLACEMENT = 0xfffd;
/** Code points per `String.fromCodePoint` call: far below the engine's argument limit. */
const CHUNK = 8_192;

/** The byte order a UTF-32 label names, or undefined for any other charset. */
export function utf32ByteOrderOf(charset: string): Utf32ByteOrder | undefined {
  return UTF32_LABELS[charset];
}

/**
 * UTF-32 bytes to text, which TextDecoder does not read (the WHATWG Encoding Standard leaves
 * UTF-32 out). A leading byte order mark is dropped; a unit that is not a Unicode scalar value
 * (a surrogate, or above U+10FFFF) and a trailing partial unit become U+FFFD, as TextDecoder
 * does for malformed input.
 */
export function decodeUtf32(bytes: Uint8Array, order: Utf32ByteOrder): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const units = Math.floor(bytes.byteLength / 4);
  const parts: string[] = [];
  let codePoints: number[] = [];
  for (let unit = 0; unit < units; unit += 1) {
    const value = view.getUint32(unit * 4, order === 'le');
    if (unit === 0 && value === 0xfeff) continue;
    codePoints.push(isScalarValue(value) ? value : REPLACEMENT);
    if (codePoints.length === CHUNK) {
      parts.push(String.fromCodePoint(...codePoints));
      codePoints = [];
    }
  }
  if (bytes.byteLength % 4 !== 0) codePoints.push(REPLACEMENT);
  parts.push(String.fromCodePoint(...codePoints));
  return parts.join('');
}

function isScalarValue(value: number): boolean {
  return value <= 0x10ffff && (value < 0xd800 || value > 0xdfff);
}
