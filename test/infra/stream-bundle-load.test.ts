import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/handler-bundling.ts';
import { localLambdaEnvironment } from '../../local/local-site.ts';

/**
 * What the stream function builds when Lambda imports its bundle, counted, not timed (speed is
 * measured in bench/): every zod schema built at load is paid on every cold start. The bundle is
 * built with the stack's options plus one line in zod's constructor that records where each
 * schema is built, and a fresh Node process imports it with source maps on. No call is made.
 */
const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ZOD_INIT = 'function init(inst, def) {';

const recordSchemaBirthplaces: Plugin = {
  name: 'record-schema-birthplaces',
  setup(build) {
    build.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/]core\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(ZOD_INIT)) throw new Error(`zod's constructor no longer starts with "${ZOD_INIT}": update this test`);
      return { contents: source.replace(ZOD_INIT, `${ZOD_INIT} if (!inst._zod) (globalThis.schemaStacks ??= []).push(new Error().stack);`), loader: 'js' };
    });
  },
};

/** Imports the bundle, then prints, per schema built, the first frame outside zod. */
const PROBE = `
Error.stackTraceLimit = 40;
await import(process.argv[1]);
const birthplaces = (globalThis.schemaStacks ?? []).map((stack) =>
  stack.split('\\n').slice(1).map((line) => line.trim()).find((line) => !line.includes('/zod/') && !line.includes('node:internal')) ?? '?');
process.stdout.write(JSON.stringify(birthplaces));
`;

let folder: string;
let birthplaces: string[];

/** How many schemas each of our source files builds at load, by path from the repository root. */
function schemasByFile(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const frame of birthplaces) {
    const path = /\((.*):\d+:\d+\)$/.exec(frame)?.[1] ?? frame;
    const file = relative(REPO_ROOT, path);
    counts.set(file, (counts.get(file) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'feedline-stream-load-'));
  const outfile = join(folder, 'stream', 'index.mjs');
  const entry = join(REPO_ROOT, 'functions', 'stream', 'handler.ts');
  const options = esbuildOptions(entry, outfile);
  await build({ ...options, absWorkingDir: REPO_ROOT, plugins: [recordSchemaBirthplaces] });
  const env = {
    ...process.env,
    ...localLambdaEnvironment({ dynamoDbEndpoint: 'http://127.0.0.1:9', s3Endpoint: 'http://127.0.0.1:9', feedBaseUrl: 'https://feeds.example.org/' }),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', PROBE, pathToFileURL(outfile).href], { env, cwd: folder });
  birthplaces = JSON.parse(stdout) as string[];
}, 60_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('importing the stream bundle', () => {
  it('builds the schemas of posts, stream records, JSON Feed and its configuration, where our files say', () => {
    const files = [...schemasByFile().keys()];
    expect(files).toEqual(expect.arrayContaining(['shared/post/post-schema.ts', 'shared/publish/stream/post-change.ts', 'shared/feed/json-feed-schema.ts']));
    expect(files.filter((file) => file.startsWith('..') || file === '?')).toEqual([]);
  });

  it("builds only the podcast show schema's lazy wrapper: a show is read only for a batch that touches its feed", () => {
    expect(schemasByFile().get('shared/podcast/podcast-show.ts')).toBe(1);
  });
});
