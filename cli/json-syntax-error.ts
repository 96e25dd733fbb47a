/** Where JSON text first breaks the grammar, 1-based, and what was found there. */
export interface JsonSyntaxErrorPosition {
  line: number;
  column: number;
  found: string;
}

class JsonSyntaxStop extends Error {
  constructor(readonly offset: number) {
    super('JSON syntax error');
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Node 20's `JSON.parse` names no position for most errors (and quotes the whole input), so
 * this walks RFC 8259's grammar to find the first offending character. Undefined when the
 * text is valid JSON or nested too deeply to walk.
 */
export function jsonSyntaxErrorPosition(text: string): JsonSyntaxErrorPosition | undefined {
  try {
    const end = skipWhitespace(text, readValue(text, skipWhitespace(text, 0)));
    if (end === text.length) return undefined;
    throw new JsonSyntaxStop(end);
  } catch (error) {
    if (error instanceof JsonSyntaxStop) return positionOf(text, error.offset);
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function positionOf(text: string, offset: number): JsonSyntaxErrorPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = offset < text.length ? JSON.stringify(text.charAt(offset)) : 'end of input';
  return { line, column, found };
}

function skipWhitespace(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && WHITESPACE.has(text.charAt(at))) at += 1;
  return at;
}

/** Returns the offset just past the value that starts at `offset`. */
function readValue(text: string, offset: number): number {
  const char = text.charAt(offset);
  if (char === '{') return readMembers(text, offset + 1, '}', (at) => readValue(text, skipWhitespace(text, expect(text, readString(text, at), ':'))));
  if (char === '[') return readMembers(text, offset + 1, ']', (at) => readValue(text, at));
  if (char === '"') return readString(text, offset);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, offset)) return offset + literal.length;
  NUMBER.lastIndex = offset;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  throw new JsonSyntaxStop(offset);
}

/** Object members or array elements up to `close`; `readMember` reads one from its first character. */
function readMembers(text: string, offset: number, close: string, readMember: (at: number) => number): number {
  let at = skipWhitespace(text, offset);
  if (text.charAt(at) === close) return at + 1;
  for (;;) {
    at = skipWhitespace(text, readMember(skipWhitespace(text, at)));
    if (text.charAt(at) === close) return at + 1;
    at = expect(text, at, ',');
  }
}

function readString(text: string, offset: number): number {
  let at = expect(text, offset, '"');
  for (;;) {
    const char = text.charAt(at);
    if (char === '"') return at + 1;
    if (at >= text.length || char < ' ') throw new JsonSyntaxStop(at);
    if (char === '\\') {
      ESCAPE.lastIndex = at;
      if (!ESCAPE.test(text)) throw new JsonSyntaxStop(at);
      at = ESCAPE.lastIndex;
    } else {
      at += 1;
    }
  }
}

function expect(text: string, offset: number, char: string): number {
  const at = skipWhitespace(text, offset);
  if (text.charAt(at) !== char) throw new JsonSyntaxStop(at);
  return at + 1;
}
