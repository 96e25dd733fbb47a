/**
 * What each Lambda handler costs to ship and to cold-start: bundled exactly as the stack bundles
 * it (infra/handler-bundling.ts: ESM, minified, tree-shaken, `@aws-sdk/*` inside), its size raw
 * and gzipped, and the time a fresh Node process takes to import it (median of 20 processes;
 * Lambda's cold start adds its own init on top, but the ratio between bundles travels).
 *
 * Run: `npm run bench -- bundles`, or `node --import tsx bench/bundle-bench.ts`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/handler-bundling.ts';
import { LOCAL_POLLER_ENV } from '../local/local-poller-env.ts';
import { localLambdaEnvironment } from '../local/local-site.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOADS = 20;

/** Enough environment for any handler module to pass its config check at import; no call is made. */
const IMPORT_ENV = {
  ...process.env,
  ...localLambdaEnvironment({ dynamoDbEndpoint: 'http://127.0.0.1:9', s3Endpoint: 'http://127.0.0.1:9', feedBaseUrl: 'https://feeds.example.org/' }),
  ...LOCAL_POLLER_ENV,
  POLL_QUEUE_URL: 'http://127.0.0.1:9/000000000000/feedline-poll',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/** Prints the import time in ms of the module named by argv[1], measured inside the process. */
const IMPORT_PROBE = [
  "const started = performance.now();",
  "await import(process.argv[1]);",
  "process.stdout.write(String(performance.now() - started));",
].join('\n');

interface BundleReport {
  name: string;
  bytes: number;
  gzipBytes: number;
  importMs?: number;
  processMs?: number;
  loadError?: string;
}

/** Every `functions/<name>/handler.ts` present now (the poller's appears with issue 3). */
async function handlerEntries(): Promise<{ name: string; entry: string }[]> {
  const folders = await readdir(join(REPO_ROOT, 'functions'), { withFileTypes: true });
  return folders
    .filter((folder) => folder.isDirectory() && existsSync(join(REPO_ROOT, 'functions', folder.name, 'handler.ts')))
    .map((folder) => ({ name: folder.name, entry: join(REPO_ROOT, 'functions', folder.name, 'handler.ts') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function bundle(entry: string, outfile: string): Promise<{ bytes: number; gzipBytes: number }> {
  await build({ ...esbuildOptions(entry, outfile), absWorkingDir: REPO_ROOT });
  const code = readFileSync(outfile);
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

/** Median import time and median whole-process time over fresh processes. */
async function loadTimes(bundleFile: string): Promise<{ importMs: number; processMs: number }> {
  const imports: number[] = [];
  const processes: number[] = [];
  for (let load = 0; load < LOADS; load += 1) {
    const started = performance.now();
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(bundleFile).href], {
      env: IMPORT_ENV,
      cwd: tmpdir(),
    });
    processes.push(performance.now() - started);
    imports.push(Number(stdout));
  }
  return { importMs: median(imports), processMs: median(processes) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function measure(name: string, entry: string, folder: string): Promise<BundleReport> {
  const outfile = join(folder, name, 'index.mjs');
  const size = await bundle(entry, outfile);
  try {
    return { name, ...size, ...(await loadTimes(outfile)) };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1);
    return { name, ...size, loadError: stderr || String(error) };
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function printReport(reports: BundleReport[]): void {
  console.log(`  ${'handler'.padEnd(10)} ${'bundle'.padStart(9)} ${'gzip'.padStart(9)} ${'import (median)'.padStart(16)} ${'process (median)'.padStart(17)}`);
  for (const report of reports) {
    const timing = report.loadError
      ? `load failed: ${report.loadError}`
      : `${`${report.importMs?.toFixed(0)} ms`.padStart(16)} ${`${report.processMs?.toFixed(0)} ms`.padStart(17)}`;
    console.log(`  ${report.name.padEnd(10)} ${kib(report.bytes).padStart(9)} ${kib(report.gzipBytes).padStart(9)} ${timing}`);
  }
  console.log(`  (${LOADS} fresh \`node\` processes per bundle; "import" is the bundle's own load, "process" includes Node's start-up)`);
}

export async function runBundleBench(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'feedline-bundles-'));
  try {
    const reports: BundleReport[] = [];
    for (const { name, entry } of await handlerEntries()) reports.push(await measure(name, entry, folder));
    printReport(reports);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runBundleBench();
}
