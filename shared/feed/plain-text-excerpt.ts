/**
 * A short plain-text rendering of an HTML body, for the places that need a description when a
 * post has no summary (RSS `<description>`, Atom `<summary type="text">`, JSON Feed `summary`).
 * It is not an HTML parser: it drops tags and decodes the entities bodies commonly use; a
 * description only has to read well, the full body travels untouched in its own field.
 */
export const EXCERPT_MAX_LENGTH = 280;

const ELLIPSIS = '…';

const INVISIBLE_BLOCKS = /<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;
const TAG = /<[^>]*>/g;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function plainTextExcerpt(html: string, maxLength = EXCERPT_MAX_LENGTH): string {
  const text = decodeEntities(html.replace(INVISIBLE_BLOCKS, ' ').replace(TAG, ' '));
  return truncateAtWord(text.replace(/\s+/g, ' ').trim(), maxLength);
}

/** One pass, so `&amp;lt;` becomes the text `&lt;` and not `<`. Unknown entities stay as written. */
function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity, name: string) => {
    if (!name.startsWith('#')) return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}

/** Counts code points, not UTF-16 units, so an emoji is never cut in half. */
function truncateAtWord(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  const cut = codePoints.slice(0, maxLength - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  const clean = lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut;
  return `${clean.trimEnd()}${ELLIPSIS}`;
}
