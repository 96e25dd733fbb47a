/**
 * XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
 * Anything else (C0 controls, U+FFFE/U+FFFF, lone surrogates) makes a feed ill-formed, so it is
 * removed at the model's edge rather than escaped: XML has no escape for these characters at all.
 *
 * DEL and the C1 controls (U+007F-U+009F) are allowed but discouraged (XML 1.0 section 2.2), and
 * strict JSON Feed checks fail on them. They carry no text: where they appear, a windows-1252 byte
 * was read as Latin-1. They are removed too, so every format and page says the same thing.
 */
// Node 20 has String.prototype.isWellFormed (ES2024); the ES2023 lib we target for Node 20 lacks its type.
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

const FORBIDDEN_CODE_UNITS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes every character XML 1.0 forbids, and the controls it discourages; everything else is kept byte for byte. */
export function cleanXmlText(text: string): string {
  const cleaned = text.replace(FORBIDDEN_CODE_UNITS, '');
  // The look-around pattern is slow on non-Latin text; most strings have no lone surrogate at all.
  return cleaned.isWellFormed() ? cleaned : cleaned.replace(LONE_SURROGATES, '');
}
