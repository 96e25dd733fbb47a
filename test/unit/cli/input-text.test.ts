import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonInput, readInputText } from '../../../cli/input-text.ts';

let directory: string;

async function fileOf(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, bytes);
  return file;
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'feedline-input-text-'));
});

afterAll(() => rm(directory, { recursive: true, force: true }));

describe('a file given to the CLI', () => {
  it('reads a UTF-8 file saved with a byte order mark (as Windows editors do) as the same JSON', async () => {
    const file = await fileOf('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title": "Свобода"}')]));
    expect(parseJsonInput(await readInputText(file), file)).toEqual({ title: 'Свобода' });
  });

  it('says a file is not UTF-8, and where, instead of showing a replacement character', async () => {
    const file = await fileOf('latin1.json', Buffer.concat([Buffer.from('{\n  "title": "Caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]));
    await expect(readInputText(file)).rejects.toThrow(`${file} is not UTF-8 text: byte 0xE9 at line 2, column 16 (save it as UTF-8)`);
  });

  it('says "unexpected end of input" for a file that stops early', () => {
    expect(() => parseJsonInput('{"id": ', 'cut.json')).toThrow('cut.json is not valid JSON: line 1, column 8: unexpected end of input');
  });
});
