import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/handler-bundling.ts';

/**
 * Bundles the real handlers with the stack's esbuild options and reads esbuild's metafile: which
 * modules a Lambda ships is decided by imports far from the handler (a namespace import of zod,
 * the SDK's credential chain), and one changed import line can put hundreds of KiB back.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HANDLERS = ['stream', 'poller', 'poll-worker', 'websub'] as const;

let folder: string;
const bundledModules = new Map<string, string[]>();

async function modulesOf(name: string): Promise<string[]> {
  const entry = join(REPO_ROOT, 'functions', name, 'handler.ts');
  const result = await build({ ...esbuildOptions(entry, join(folder, name, 'index.mjs')), absWorkingDir: REPO_ROOT, metafile: true });
  const outputs = Object.values((result.metafile as Metafile).outputs);
  return outputs.flatMap((output) => Object.keys(output.inputs));
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'feedline-bundle-contents-'));
  for (const name of HANDLERS) bundledModules.set(name, await modulesOf(name));
}, 60_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(HANDLERS)('the %s bundle', (name) => {
  const modules = () => bundledModules.get(name) ?? [];

  it('holds zod/mini and none of classic zod, whose schema classes are bundled whole once one module imports it', () => {
    expect(modules().some((path) => path.includes('zod/v4/mini/'))).toBe(true);
    expect(modules().filter((path) => /zod\/v4\/classic\//.test(path))).toEqual([]);
  });

  it("holds zod's English messages and none of its other locales", () => {
    const locales = modules().filter((path) => path.includes('zod/v4/locales/'));
    expect(locales.map((path) => path.replace(/.*zod\/v4\/locales\//, ''))).toEqual(['en.js']);
  });

  it("ships neither undici nor iconv-lite (Node's own HTTP client and TextDecoder do their work) nor the X-Ray SDK", () => {
    expect(modules().filter((path) => /node_modules\/(undici|iconv-lite|aws-xray-sdk-core|cls-hooked|@aws-lambda-powertools\/tracer)\//.test(path))).toEqual([]);
  });

  it("holds none of the SDK's S3 client, whose operation schemas are bundled whole; the stream function signs its own S3 calls", () => {
    expect(modules().some((path) => path.includes('node_modules/@aws-sdk/client-s3/'))).toBe(false);
    expect(modules().includes('shared/aws/http-feed-bucket.ts')).toBe(name === 'stream');
  });

  it("holds neither the SDK's DynamoDB client nor its DocumentClient: every function signs its own table calls", () => {
    expect(modules().filter((path) => /node_modules\/@aws-sdk\/(client-dynamodb|lib-dynamodb)\//.test(path))).toEqual([]);
    expect(modules()).toContain('shared/aws/http-document-table.ts');
  });

  it('holds htmlparser2 only where it sanitises partner HTML; resolving links in a post needs no full HTML parser', () => {
    expect(modules().some((path) => path.includes('node_modules/htmlparser2/'))).toBe(name === 'poll-worker' || name === 'websub');
  });

  it('holds saxes only where it parses partner feeds; checking our own XML needs no general parser', () => {
    expect(modules().some((path) => path.includes('node_modules/saxes/'))).toBe(name === 'poll-worker' || name === 'websub');
  });

  it("holds none of the SDK's event-stream support, which no call of ours uses, in the bundles that still hold an SDK client", () => {
    expect(modules().filter((path) => /@smithy\/core\/dist-es\/submodules\/event-streams\//.test(path))).toEqual([]);
    const sdkClients = modules().filter((path) => /node_modules\/@aws-sdk\/client-/.test(path));
    expect(modules().includes('functions/bootstrap/no-event-streams.ts')).toBe(sdkClients.length > 0);
  });

  it("takes credentials from Lambda's environment, without the SDK's chain of providers and the STS and SSO clients they call", () => {
    expect(modules()).toContain('functions/bootstrap/lambda-credential-chain.ts');
    expect(modules().filter((path) => /@aws-sdk\/(credential-provider-|nested-clients|token-providers)/.test(path))).toEqual([]);
  });
});
