/**
 * Bundles the CLI into `dist/cli/` (`npm run build:cli`; `npm ci` runs it as `prepare`), so
 * `npx feedline` starts in plain Node instead of compiling TypeScript with tsx on every run.
 * Code splitting keeps each command's code (and the AWS SDK) in chunks that load only when that
 * command runs. `inputs.json` lists the sources, so the launcher can tell when the bundle is stale.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../infra/handler-bundling.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI_BUNDLE_DIRECTORY = join(PROJECT_ROOT, 'dist', 'cli');

async function buildCli(): Promise<void> {
  await rm(CLI_BUNDLE_DIRECTORY, { recursive: true, force: true });
  await mkdir(CLI_BUNDLE_DIRECTORY, { recursive: true });
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { main: 'cli/main.ts' },
    outdir: CLI_BUNDLE_DIRECTORY,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The SDK's ESM build loads faster than its CommonJS one (FIELD-NOTES).
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/'))
    .sort();
  await writeFile(join(CLI_BUNDLE_DIRECTORY, 'inputs.json'), `${JSON.stringify(sources, null, 1)}\n`);
  process.stdout.write(`feedline CLI bundled into ${relative(PROJECT_ROOT, CLI_BUNDLE_DIRECTORY)}/ from ${sources.length} source files\n`);
}

await buildCli();
