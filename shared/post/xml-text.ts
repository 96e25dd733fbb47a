/**
 * XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
 * Anything else (C0 controls, U+FFFE/U+FFFF, lone surrogates) makes a feed ill-formed, so it is
 * removed at the model's edge rather than escaped: XML has no escape for these characters at all.
 */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes every character XML 1.0 forbids; everything else is kept byte for byte. */
export function cleanXmlText(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/** True when the text holds a character XML 1.0 forbids. */
export function hasXmlForbiddenCharacters(text: string): boolean {
  XML_FORBIDDEN.lastIndex = 0;
  const found = XML_FORBIDDEN.test(text);
  XML_FORBIDDEN.lastIndex = 0;
  return found;
}
