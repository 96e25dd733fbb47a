import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamPublisher } from '../../infra/constructs/stream-publisher.ts';
import { SAMPLE_DEPLOYMENT, readDeploymentConfig } from '../../infra/deployment-config.ts';

/**
 * Runs the real esbuild bundling on a throwaway project in the OS temp dir (never in the repo),
 * so the bundling options are checked by what the bundle does, independently of the real handler:
 * - a fake `@aws-sdk/*` package with distinct `module` and `main` builds (bundled, ESM build chosen);
 * - a CommonJS file that calls `require` (works only with the createRequire banner), loaded in a
 *   plain Node process: vitest's module runner provides a `require` of its own and would hide it;
 * - a fake SDK credential chain, which the bundle must replace by the Lambda environment's;
 * - non-ASCII text, written as UTF-8 rather than as escapes six bytes a character.
 */
const FILES: Record<string, string> = {
  'package-lock.json': '{ "lockfileVersion": 3, "packages": {} }',
  'node_modules/@aws-sdk/fake-client/package.json': JSON.stringify({
    name: '@aws-sdk/fake-client',
    module: 'esm.js',
    main: 'cjs.js',
  }),
  'node_modules/@aws-sdk/fake-client/esm.js': "export const build = 'esm-build';",
  'node_modules/@aws-sdk/fake-client/cjs.js': "exports.build = 'cjs-build';",
  'node_modules/@aws-sdk/credential-provider-node/package.json': JSON.stringify({ name: '@aws-sdk/credential-provider-node', main: 'index.js' }),
  'node_modules/@aws-sdk/credential-provider-node/index.js': "exports.defaultProvider = () => async () => ({ accessKeyId: 'sdk-chain' });",
  // A computed name: esbuild turns literal require('node:path') into an import by itself.
  'legacy.cjs': "const builtin = ['node', 'path'].join(':'); exports.separator = require(builtin).sep;",
  'run-bundle.mjs': [
    "const bundle = await import(new URL(process.argv[2], 'file:///'));",
    'console.log(JSON.stringify(await bundle.handler()));',
  ].join('\n'),
  'handler.ts': [
    "import { build } from '@aws-sdk/fake-client';",
    "import { defaultProvider } from '@aws-sdk/credential-provider-node';",
    "import legacy from './legacy.cjs';",
    'export const handler = async () => {',
    '  const credentialsOfTheRole = await defaultProvider()();',
    "  return { build, separator: legacy.separator, accessKeyId: credentialsOfTheRole.accessKeyId, greeting: 'Сәлем, 世界' };",
    '};',
  ].join('\n'),
};

/** CDK runs `npx --no-install esbuild` in the project root: lend it the repo's esbuild. */
const REPO_ESBUILD = fileURLToPath(new URL('../../node_modules/esbuild', import.meta.url));

let project: string;
let bundleDir: string;

function writeProject(root: string): void {
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  symlinkSync(REPO_ESBUILD, join(root, 'node_modules/esbuild'), 'dir');
  mkdirSync(join(root, 'node_modules/.bin'));
  symlinkSync(join(REPO_ESBUILD, 'bin/esbuild'), join(root, 'node_modules/.bin/esbuild'));
}

function bundle(root: string): string {
  const outdir = join(root, 'cdk.out');
  const app = new App({ outdir, context: SAMPLE_DEPLOYMENT });
  const stack = new Stack(app, 'BundlingCheck');
  new StreamPublisher(stack, 'StreamPublisher', {
    entry: join(root, 'handler.ts'),
    depsLockFilePath: join(root, 'package-lock.json'),
    table: new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    }),
    bucket: new s3.Bucket(stack, 'Bucket'),
    feedObjectPrefix: 'feeds/',
    feedBaseUrl: 'https://feeds.example.org/',
    deployment: readDeploymentConfig(app.node),
  });
  app.synth();
  const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  expect(assets).toHaveLength(1);
  return join(outdir, assets[0] as string);
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'feedline-bundling-'));
  writeProject(project);
  bundleDir = bundle(project);
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('stream publisher bundling', () => {
  it('writes a minified ESM bundle with its source map', () => {
    expect(readdirSync(bundleDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as feedlineCreateRequire } from 'node:module';")).toBe(true);
    // Not a line count: the credential chain brings zod, whose generated code keeps its line breaks.
    expect(code).not.toContain('credentialsOfTheRole');
  });

  it('writes non-ASCII text as UTF-8, not as escape sequences', () => {
    expect(readFileSync(join(bundleDir, 'index.mjs'), 'utf8')).toContain('Сәлем, 世界');
  });

  it('bundles @aws-sdk packages instead of leaving them to the runtime, using their ESM build', () => {
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(code).not.toContain('@aws-sdk/fake-client');
    expect(code).toContain('esm-build');
    expect(code).not.toContain('cjs-build');
  });

  it("loads and runs as ESM in plain Node, CommonJS require included, with the Lambda environment's credentials", () => {
    const output = execFileSync(process.execPath, [join(project, 'run-bundle.mjs'), join(bundleDir, 'index.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'lambda-role', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    expect(JSON.parse(output)).toEqual({ build: 'esm-build', separator: '/', accessKeyId: 'lambda-role', greeting: 'Сәлем, 世界' });
  });
});
