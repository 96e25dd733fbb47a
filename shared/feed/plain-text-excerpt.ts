/**
 * A short plain-text rendering of an HTML body, for the places that need a description when a
 * post has no summary (RSS `<description>`, Atom `<summary type="text">`, JSON Feed `summary`).
 * It is not an HTML parser: it drops tags and decodes the entities bodies commonly use; a
 * description only has to read well, the full body travels untouched in its own field.
 *
 * Every step is linear in the input. Backtracking regexes such as `/<[^>]*>/g` are not: on a body
 * of unclosed `<` (or `<script>` without its end tag) each attempt scans to the end of the text.
 */
export const EXCERPT_MAX_LENGTH = 280;

const ELLIPSIS = '…';

const INVISIBLE_START = /<(script|style|template)\b|<!--/gi;
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
  const text = decodeEntities(withoutTags(withoutInvisibleBlocks(html)));
  return truncateAtWord(text.replace(/\s+/g, ' ').trim(), maxLength);
}

/**
 * Script, style and template elements with their content, and comments, each become a space.
 * One that never ends is left for `withoutTags`, which drops its start tag but keeps its text.
 */
function withoutInvisibleBlocks(html: string): string {
  const ends = { script: new ForwardSearch(html, /<\/script\s*>/gi), style: new ForwardSearch(html, /<\/style\s*>/gi), template: new ForwardSearch(html, /<\/template\s*>/gi) };
  const tagEnd = new ForwardSearch(html, />/g);
  const commentEnd = new ForwardSearch(html, /-->/g);
  let result = '';
  let copiedUpTo = 0;
  INVISIBLE_START.lastIndex = 0;
  for (let start = INVISIBLE_START.exec(html); start !== null; start = INVISIBLE_START.exec(html)) {
    const name = start[1]?.toLowerCase() as keyof typeof ends | undefined;
    const bodyStart = name === undefined ? start.index + start[0].length : tagEnd.next(start.index + start[0].length);
    const end = bodyStart === undefined ? undefined : (name === undefined ? commentEnd : ends[name]).next(bodyStart);
    if (end === undefined) continue;
    result += `${html.slice(copiedUpTo, start.index)} `;
    copiedUpTo = end;
    INVISIBLE_START.lastIndex = end;
  }
  return result + html.slice(copiedUpTo);
}

/**
 * Inline elements run on with the text around them (`<strong>placards</strong>; police` reads
 * `placards; police`); every other tag separates words. Text-level elements per the HTML
 * standard's phrasing content.
 */
const INLINE_TAG = /^<\/?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)(?=[\s/>])/i;

/** Every other `<…>` becomes a space; a `<` with no `>` after it is text. */
function withoutTags(html: string): string {
  let result = '';
  let copiedUpTo = 0;
  for (let open = html.indexOf('<'); open !== -1; open = html.indexOf('<', copiedUpTo)) {
    const close = html.indexOf('>', open + 1);
    if (close === -1) break;
    const separator = INLINE_TAG.test(html.slice(open, Math.min(close + 1, open + 12))) ? '' : ' ';
    result += `${html.slice(copiedUpTo, open)}${separator}`;
    copiedUpTo = close + 1;
  }
  return result + html.slice(copiedUpTo);
}

/**
 * The first match of a global pattern at or after a position, for positions that only grow: a
 * remembered answer serves every later question it still answers, so the text is searched once.
 */
class ForwardSearch {
  private searchedFrom = Number.POSITIVE_INFINITY;
  private found: { index: number; end: number } | undefined;

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
  ) {}

  /** The index just past the first match at or after `position`. */
  next(position: number): number | undefined {
    const stillValid = position >= this.searchedFrom && (this.found === undefined || position <= this.found.index);
    if (!stillValid) {
      this.pattern.lastIndex = position;
      const match = this.pattern.exec(this.text);
      this.searchedFrom = position;
      this.found = match ? { index: match.index, end: match.index + match[0].length } : undefined;
    }
    return this.found?.end;
  }
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
