import { readFile } from 'node:fs/promises';
import { InputError } from './cli-errors.ts';
import { jsonSyntaxErrorPosition } from './json-syntax-error.ts';
import { utf8TextOf } from './utf8-text.ts';

/** The text of a file argument, or of stdin for `-`. */
export async function readInputText(path: string): Promise<string> {
  if (path === '-') return utf8TextOf(await readStdin(), 'the standard input');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${path}: is a folder, not a file`);
    throw new InputError(`${path}: cannot be read (${code ?? (error as Error).message})`);
  }
  return utf8TextOf(bytes, path);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON input; a syntax error names the line and column, not a position in a quoted copy. */
export function parseJsonInput(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = jsonSyntaxErrorPosition(text);
    const where = position ? `line ${position.line}, column ${position.column}: unexpected ${position.found}` : (error as Error).message;
    throw new InputError(`${source} is not valid JSON: ${where}`);
  }
}
