import { InputError } from './cli-errors.ts';

/**
 * A file's bytes as text: UTF-8 only, its byte order mark dropped (Windows editors write one,
 * and JSON.parse would stop at it), and anything else refused with the place of the first bad
 * byte, rather than read as U+FFFD and reported as an "unexpected" invisible character.
 */
export function utf8TextOf(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const { line, column } = lineAndColumnOf(bytes.subarray(0, offset));
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new InputError(`${source} is not UTF-8 text: byte 0x${byte} at line ${line}, column ${column} (save it as UTF-8)`);
  }
}

/** The offset of the byte that starts the first invalid sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  // A streaming decode accepts an unfinished sequence at the end, so validity of prefixes only
  // ever turns from true to false: a binary search finds the byte that breaks it.
  const validPrefix = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let valid = 0;
  let invalid = bytes.length;
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2);
    if (validPrefix(middle)) valid = middle;
    else invalid = middle;
  }
  const breaking = invalid - 1;
  // A lead byte whose sequence the breaking byte cut short is the one to name (`Caf\xE9"`).
  for (let at = breaking - 1; at >= Math.max(0, breaking - 3); at -= 1) {
    const byte = bytes[at] ?? 0;
    if (byte >= 0xc0) return at;
    if (byte < 0x80) break;
  }
  return breaking;
}

function lineAndColumnOf(before: Uint8Array): { line: number; column: number } {
  const text = new TextDecoder('utf-8').decode(before);
  const lines = text.split('\n');
  return { line: lines.length, column: [...(lines.at(-1) ?? '')].length + 1 };
}
