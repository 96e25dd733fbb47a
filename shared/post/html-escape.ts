const MARKUP = /[&<>]/;

/** Text between tags: `<` and `&` would start markup, `>` is escaped for old parsers' sake. */
export function escapeText(text: string): string {
  // Most text nodes need nothing; testing first spares three replacements per node.
  if (!MARKUP.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value. */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}
