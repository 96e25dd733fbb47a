import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { postInput } from '../../support/post-factory.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('cli');
const bucketName = uniqueResourceName('cli-feeds');
let directory: string;

async function postFile(name: string, content: unknown): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await createBucket(clients.s3, bucketName);
  directory = await pointCliAtEmulators({ tableName, bucketName });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

describe('feedline post commands against the running local pipeline', () => {
  it('puts a valid post and names the feeds it will appear in', async () => {
    const output = captureOutput();
    const code = await main(['post', 'put', await postFile('ok.json', postInput({ id: 'cli-put' }))]);
    expect(code).toBe(0);
    expect(output.out()).toContain('put cli-put (published); feeds: all, topics/kazakhstan, topics/press-freedom');
    expect(output.out()).toContain('http://127.0.0.1:8080/feeds/topics/kazakhstan/atom.xml');
    const stored = await new PostStore(clients.documents, tableName).get('cli-put');
    expect(stored?.ok && stored.post.title).toBe('Court hears appeal of detained reporter');
  });

  it('puts an array of posts', async () => {
    captureOutput();
    const file = await postFile('many.json', [postInput({ id: 'cli-a' }), postInput({ id: 'cli-b', status: 'draft' })]);
    expect(await main(['post', 'put', file])).toBe(0);
    const store = new PostStore(clients.documents, tableName);
    expect((await store.get('cli-b'))?.ok).toBe(true);
  });

  it('rejects an invalid post with every field and reason, and writes nothing', async () => {
    const output = captureOutput();
    const file = await postFile('bad.json', [postInput({ id: 'cli-good-in-bad-file' }), postInput({ id: 'cli-bad', title: '', url: 'ftp://x' })]);
    expect(await main(['post', 'put', file])).toBe(1);
    expect(output.err()).toContain('1 invalid post(s), nothing was written');
    expect(output.err()).toContain('post cli-bad:');
    expect(output.err()).toContain('title: must not be empty');
    expect(output.err()).toContain('url: must be an absolute http(s) URL');
    expect(await new PostStore(clients.documents, tableName).get('cli-good-in-bad-file')).toBeUndefined();
  });

  it('rejects an array that gives one id twice, naming it, and writes nothing', async () => {
    const output = captureOutput();
    const file = await postFile('twice.json', [
      postInput({ id: 'cli-twice', title: 'First version' }),
      postInput({ id: 'cli-once-in-twice-file' }),
      postInput({ id: 'cli-twice', title: 'Second version' }),
    ]);
    expect(await main(['post', 'put', file])).toBe(1);
    expect(output.err()).toContain('nothing was written');
    expect(output.err()).toContain('post cli-twice:');
    expect(output.err()).toContain('id: given 2 times (entries 1 and 3)');
    const store = new PostStore(clients.documents, tableName);
    expect(await store.get('cli-twice')).toBeUndefined();
    expect(await store.get('cli-once-in-twice-file')).toBeUndefined();
  });

  it('reports a file that is not JSON', async () => {
    const output = captureOutput();
    expect(await main(['post', 'put', await postFile('broken.json', '{"id": ')])).toBe(1);
    expect(output.err()).toMatch(/broken\.json is not valid JSON/);
  });

  it('names the line and column where a JSON file breaks, and a file that is missing', async () => {
    const output = captureOutput();
    expect(await main(['post', 'put', await postFile('comma.json', '{\n  "id": "cli-comma",\n  "title": }\n')])).toBe(1);
    expect(output.err()).toContain('comma.json is not valid JSON: line 3, column 12: unexpected "}"');
    expect(await main(['post', 'put', path.join(directory, 'nowhere.json')])).toBe(1);
    expect(output.err()).toContain('nowhere.json: no such file');
  });

  it('lists every post item newest first with --all-items (no stream publishes them here) and deletes one', async () => {
    captureOutput();
    await main(['post', 'put', await postFile('old.json', postInput({ id: 'cli-old', publishedAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-01T00:00:00Z' }))]);
    vi.restoreAllMocks();
    let output = captureOutput();
    expect(await main(['post', 'list', '--all-items'])).toBe(0);
    const lines = output.out().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ post\(s\)$/);
    expect(lines.findIndex((line) => line.includes('cli-put'))).toBeLessThan(lines.findIndex((line) => line.includes('cli-old')));

    vi.restoreAllMocks();
    output = captureOutput();
    expect(await main(['post', 'delete', 'cli-old'])).toBe(0);
    expect(output.out()).toContain('deleted cli-old');
    expect(await main(['post', 'delete', 'cli-old'])).toBe(1);
    expect(output.out()).toContain('no post cli-old');
  });

  it('deletes several posts and names the ones that did not exist, with exit code 1', async () => {
    captureOutput();
    await main(['post', 'put', await postFile('two.json', [postInput({ id: 'cli-del-a' }), postInput({ id: 'cli-del-b' })])]);
    vi.restoreAllMocks();
    const output = captureOutput();
    expect(await main(['post', 'delete', 'cli-del-a', 'cli-del-nowhere', 'cli-del-b'])).toBe(1);
    expect(output.out()).toBe('deleted cli-del-a\nno post cli-del-nowhere\ndeleted cli-del-b\n');
    expect(output.err()).toContain('1 of 3 post(s) did not exist: cli-del-nowhere');
    const store = new PostStore(clients.documents, tableName);
    expect(await store.get('cli-del-a')).toBeUndefined();
    expect(await store.get('cli-del-b')).toBeUndefined();
  });

  it('lists post items as JSON for scripts, newest first', async () => {
    captureOutput();
    await main(['post', 'put', await postFile('json-list.json', [
      postInput({ id: 'cli-json-old', publishedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }),
      postInput({ id: 'cli-json-new', publishedAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z' }),
    ])]);
    vi.restoreAllMocks();
    const output = captureOutput();
    expect(await main(['post', 'list', '--all-items', '--json'])).toBe(0);
    const listed = JSON.parse(output.out()) as { id: string; title: string }[];
    const ids = listed.map((post) => post.id);
    expect(ids.indexOf('cli-json-new')).toBeLessThan(ids.indexOf('cli-json-old'));
    expect(listed.find((post) => post.id === 'cli-json-new')?.title).toBe('Court hears appeal of detained reporter');
  });

  it('answers usage errors with exit code 2', async () => {
    const output = captureOutput();
    expect(await main(['post', 'publish'])).toBe(2);
    expect(output.err()).toContain('usage: feedline');
  });

  it('prints usage and exits 2 when given no arguments', async () => {
    const output = captureOutput();
    expect(await main([])).toBe(2);
    expect(output.err()).toContain('usage: feedline <command> [options]');
    expect(output.out()).toBe('');
  });

  it('answers an unknown option with one line and exit code 2', async () => {
    const output = captureOutput();
    expect(await main(['post', 'list', '--bogus'])).toBe(2);
    expect(output.err()).toBe('error: post list: unknown option --bogus; see feedline post list --help\n');
  });

  it('prints its version', async () => {
    const output = captureOutput();
    expect(await main(['--version'])).toBe(0);
    expect(output.out()).toMatch(/^feedline \d+\.\d+\.\d+\n$/);
  });

  it('says to run npm start when no pipeline is running', async () => {
    const output = captureOutput();
    vi.stubEnv('FEEDLINE_LOCAL_STATE', path.join(directory, 'missing.json'));
    expect(await main(['post', 'list'])).toBe(1);
    expect(output.err()).toContain('run "npm start" first');
    vi.stubEnv('FEEDLINE_LOCAL_STATE', path.join(directory, 'local.json'));
  });

  it('finds the pipeline in the data folder npm start was given (FEEDLINE_DATA_DIR)', async () => {
    vi.stubEnv('FEEDLINE_LOCAL_STATE', '');
    vi.stubEnv('FEEDLINE_DATA_DIR', directory);
    const output = captureOutput();
    expect(await main(['post', 'list'])).toBe(0);
    expect(output.err()).toBe('');
    vi.stubEnv('FEEDLINE_DATA_DIR', path.join(directory, 'elsewhere'));
    expect(await main(['post', 'list'])).toBe(1);
    expect(output.err()).toContain(path.join(directory, 'elsewhere', 'local.json'));
    vi.stubEnv('FEEDLINE_LOCAL_STATE', path.join(directory, 'local.json'));
  });
});
