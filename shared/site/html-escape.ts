import { cleanXmlText } from '../post/xml-text.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text and attribute values for the site's HTML pages. Characters XML forbids go first: titles
 * come from partner feeds, and a control character would make the page differ between parsers.
 */
export function escapeHtml(text: string): string {
  return cleanXmlText(text).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
