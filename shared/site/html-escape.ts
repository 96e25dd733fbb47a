import { escapeAttribute } from '../post/html-escape.ts';
import { cleanXmlText } from '../post/xml-text.ts';

/**
 * Text and attribute values for the site's HTML pages. Characters XML forbids go first: titles
 * come from partner feeds, and a control character would make the page differ between parsers.
 */
export function escapeHtml(text: string): string {
  return escapeAttribute(cleanXmlText(text)).replace(/'/g, '&#39;');
}
