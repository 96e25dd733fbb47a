/**
 * Escaping for character data and double-quoted attribute values.
 *
 * `>` is escaped too, so a `]]>` in the text can never end anything: the serializer writes no
 * CDATA sections at all, which is what makes any number of `]]>` in a body safe. A carriage return
 * is written as `&#13;` because a parser turns a literal CR (or CR LF) into LF, and the text must
 * come back exactly. In attributes, tab and line feed are escaped for the same reason: attribute
 * value normalisation turns literal whitespace characters into spaces.
 *
 * Characters XML forbids are removed first (the post model already does this; a feed is the last
 * place to notice, so it is done again here rather than trusted).
 */
import { cleanXmlText } from '../post/xml-text.ts';

const TEXT_SPECIALS = /[&<>\r]/g;
const ATTRIBUTE_SPECIALS = /[&<>"\t\n\r]/g;

const REPLACEMENTS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function replacementOf(character: string): string {
  return REPLACEMENTS[character] ?? character;
}

/**
 * Anything either escaping might change: the specials, what `cleanXmlText` removes, and every
 * surrogate (a pair is fine, but telling it from a lone one takes the slower look). Most strings
 * in a feed (names, URLs, dates, attribute values) have none, and one scan returns them as they are.
 */
const TEXT_NEEDING_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_NEEDING_WORK = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXmlText(text: string): string {
  if (!TEXT_NEEDING_WORK.test(text)) return text;
  return cleanXmlText(text).replace(TEXT_SPECIALS, replacementOf);
}

export function escapeXmlAttribute(value: string): string {
  if (!ATTRIBUTE_NEEDING_WORK.test(value)) return value;
  return cleanXmlText(value).replace(ATTRIBUTE_SPECIALS, replacementOf);
}
