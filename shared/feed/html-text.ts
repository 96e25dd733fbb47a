/**
 * Plain text for a slot that readers take as HTML. RSS `<description>` is HTML by convention
 * ("entity-encoded HTML is allowed"; Universal Feed Parser reports it as `text/html`), so plain
 * text written there XML-escaped only once would reach the reader as live markup: a summary of
 * `<img src=x onerror=…>` would load and run. Escaped for HTML first, it renders as the text it is.
 *
 * Text content only: `"` and `'` need no escape outside attributes, and leaving them alone keeps
 * the description free of entities that a plain-text reader would show.
 *
 * @example
 * plainTextAsHtml('a < b & c'); // 'a &lt; b &amp; c'
 */
const HTML_SPECIALS = /[&<>]/g;

const REPLACEMENTS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function plainTextAsHtml(text: string): string {
  return text.replace(HTML_SPECIALS, (character) => REPLACEMENTS[character] ?? character);
}
