/**
 * What each Lambda handler costs to ship and to cold-start: bundled exactly as the stack bundles
 * it (infra/handler-bundling.ts: ESM, minified, tree-shaken, `@aws-sdk/*` inside), its size raw
 * and gzipped, and the time a fresh Node process takes to import it (median of 20 processes, with
 * the functions' `NODE_OPTIONS`, so source maps are read as in Lambda; Lambda's cold start adds
 * its own init on top, but the ratio between bundles travels).
 *
 * Issue 11's goals compare with the bundles before its work: each handler is also bundled from
 * BASELINE_COMMIT in this run, and the two are loaded in alternating processes, so the ratio
 * is taken on the same machine under the same load.
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
import { build, type BuildOptions } from 'esbuild';
import { esbuildOptions } from '../infra/handler-bundling.ts';
import { observabilityEnvironment } from '../infra/runtime-environment.ts';
import { METRIC_SERVICES } from '../shared/observability/pipeline-metrics.ts';
import { LOCAL_POLLER_ENV } from '../local/local-poller-env.ts';
import { localLambdaEnvironment } from '../local/local-site.ts';
import { formatRatio, median } from './bench-stats.ts';
import { BASELINE_COMMIT, BASELINE_HANDLER_OF, BASELINE_MODULES_VARIABLE, RECORDED_BASELINE, exportBaselineTree, type BaselineTree } from './bundle-baseline.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOADS = 20;
/** Issue 11's goals: every bundle at most this size, its import at most this share of the baseline's. */
const GOAL_BYTES = 500 * 1024;
const GOAL_IMPORT_RATIO = 0.4;

/** Enough environment for any handler module to pass its config check at import; no call is made. */
const IMPORT_ENV = {
  ...process.env,
  ...localLambdaEnvironment({ dynamoDbEndpoint: 'http://127.0.0.1:9', s3Endpoint: 'http://127.0.0.1:9', feedBaseUrl: 'https://feeds.example.org/' }),
  ...LOCAL_POLLER_ENV,
  POLL_QUEUE_URL: 'http://127.0.0.1:9/000000000000/feedline-poll',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  /** The newsletter functions refuse to load without their key (offline, the key itself). */
  NEWSLETTER_SECRET: '0'.repeat(64),
  /** As deployed: Node then reads each bundle's source map at load, on both sides of the ratio. */
  NODE_OPTIONS: observabilityEnvironment(METRIC_SERVICES.stream).NODE_OPTIONS,
};

/** Prints the import time in ms of the module named by argv[1], measured inside the process. */
const IMPORT_PROBE = [
  "const started = performance.now();",
  "await import(process.argv[1]);",
  "process.stdout.write(String(performance.now() - started));",
].join('\n');

type Bundler = (entry: string, outfile: string) => BuildOptions;

interface BuiltBundle {
  file: string;
  bytes: number;
  gzipBytes: number;
}

interface LoadTimes {
  importMs: number;
  processMs: number;
}

/** Each fresh process's import time, in load order: round n of one bundle ran beside round n of the other. */
interface ImportSamples {
  imports: number[];
}

/** One handler's figures; the baseline's are absent when its commit could not be rebuilt. */
interface HandlerReport {
  name: string;
  now: BuiltBundle & Partial<LoadTimes>;
  baseline?: BuiltBundle & Partial<LoadTimes>;
  /**
   * Median over the rounds of now's import time over the baseline's in the same round: a round's
   * two processes run back to back, so a load that comes and goes skews both or neither.
   */
  pairedImportRatio?: number;
  /** Why the baseline was not rebuilt in this run; its recorded figures are shown instead. */
  baselineFailure?: string;
  loadError?: string;
}

/** Every `functions/<name>/handler.ts` under a source tree. */
async function handlerNames(root: string): Promise<string[]> {
  const folders = await readdir(join(root, 'functions'), { withFileTypes: true });
  return folders
    .filter((folder) => folder.isDirectory() && existsSync(join(root, 'functions', folder.name, 'handler.ts')))
    .map((folder) => folder.name)
    .sort((a, b) => a.localeCompare(b));
}

async function bundle(root: string, bundler: Bundler, name: string, outfile: string): Promise<BuiltBundle> {
  await build({ ...bundler(join(root, 'functions', name, 'handler.ts'), outfile), absWorkingDir: root });
  const code = readFileSync(outfile);
  return { file: outfile, bytes: code.length, gzipBytes: gzipSync(code).length };
}

async function loadOnce(bundleFile: string): Promise<{ importMs: number; processMs: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(bundleFile).href], {
    env: IMPORT_ENV,
    cwd: tmpdir(),
  });
  return { importMs: Number(stdout), processMs: performance.now() - started };
}

/**
 * Median import and whole-process times of each file, loading them in turn in fresh processes.
 * The order flips every round, so neither file always runs first after the other's process.
 */
async function alternatingLoadTimes(files: readonly string[]): Promise<(LoadTimes & ImportSamples)[]> {
  const samples = files.map(() => ({ imports: [] as number[], processes: [] as number[] }));
  for (let load = 0; load < LOADS; load += 1) {
    const order = load % 2 === 0 ? [...files.keys()] : [...files.keys()].reverse();
    for (const index of order) {
      const { importMs, processMs } = await loadOnce(files[index] as string);
      samples[index]?.imports.push(importMs);
      samples[index]?.processes.push(processMs);
    }
  }
  return samples.map(({ imports, processes }) => ({ importMs: median(imports), processMs: median(processes), imports }));
}

function pairedRatio(now: ImportSamples, before: ImportSamples): number {
  return median(now.imports.map((importMs, round) => importMs / (before.imports[round] as number)));
}

/** The baseline's bundle of a handler, or why it could not be built (then recorded figures stand in). */
async function baselineBundle(name: string, folder: string, baseline: BaselineTree | undefined): Promise<BuiltBundle | { failed: string }> {
  if (!baseline) return { failed: 'no baseline tree' };
  if (!existsSync(join(baseline.root, 'functions', name, 'handler.ts'))) return { failed: 'no such handler at the baseline commit' };
  try {
    return await bundle(baseline.root, baseline.esbuildOptions, name, join(folder, 'before', name, 'index.mjs'));
  } catch (error) {
    // e.g. a dependency the baseline imports has since left node_modules (sanitize-html did).
    const reason = (error as Error).message.split('\n').slice(0, 2).join(' ');
    const remedy = reason.includes('Could not resolve') ? `; ${BASELINE_MODULES_VARIABLE}=<a node_modules that has it> rebuilds it` : '';
    return { failed: `${reason}${remedy}` };
  }
}

async function measure(name: string, folder: string, baseline: BaselineTree | undefined): Promise<HandlerReport> {
  const now = await bundle(REPO_ROOT, esbuildOptions, name, join(folder, 'now', name, 'index.mjs'));
  const built = await baselineBundle(name, folder, baseline);
  const before = 'failed' in built ? undefined : built;
  const baselineFailure = 'failed' in built ? { baselineFailure: built.failed } : {};
  try {
    const [nowTimes, beforeTimes] = await alternatingLoadTimes(before ? [now.file, before.file] : [now.file]);
    const nowFigures = { ...now, importMs: nowTimes?.importMs, processMs: nowTimes?.processMs };
    if (!before || !beforeTimes || !nowTimes) return { name, now: nowFigures, ...baselineFailure };
    const baseline = { ...before, importMs: beforeTimes.importMs, processMs: beforeTimes.processMs };
    return { name, now: nowFigures, baseline, pairedImportRatio: pairedRatio(nowTimes, beforeTimes) };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1);
    return { name, now, ...(before ? { baseline: before } : {}), ...baselineFailure, loadError: stderr || String(error) };
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(0)} ms`;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

/**
 * The baseline's figures for a handler: rebuilt in this run, or else the recorded ones (those of
 * the handler it was split from, for a handler the baseline did not have), their import time
 * scaled by the run's load factor.
 */
function baselineFigures(report: HandlerReport, loadFactor: number): { bytes: number; importMs?: number } | undefined {
  if (report.baseline) return { bytes: report.baseline.bytes, importMs: report.baseline.importMs };
  const recorded = RECORDED_BASELINE[BASELINE_HANDLER_OF[report.name] ?? report.name];
  return recorded && { bytes: recorded.kib * 1024, importMs: recorded.importMs * loadFactor };
}

/**
 * How much slower this run loads than the run that recorded the baseline: a handler rebuilt from
 * the baseline commit in this run, against its recorded import time. Recorded figures compared
 * unscaled with a run on a busier machine would make every bundle look slower than it is.
 */
function loadFactorOf(reports: readonly HandlerReport[]): { factor: number; from?: string } {
  for (const report of reports) {
    const recorded = RECORDED_BASELINE[report.name];
    if (report.baseline?.importMs !== undefined && recorded) return { factor: report.baseline.importMs / recorded.importMs, from: report.name };
  }
  return { factor: 1 };
}

function printReport(reports: HandlerReport[], baselineSource: string): void {
  const load = loadFactorOf(reports);
  // Room for the longest name and its footnote mark, so the columns line up.
  const nameWidth = Math.max(...reports.map((report) => report.name.length + 2), 'handler'.length);
  console.log(`  baseline: ${baselineSource}`);
  console.log(
    `  ${'handler'.padEnd(nameWidth)} ${'baseline'.padStart(9)} ${'now'.padStart(9)} ${'gzip now'.padStart(9)} ${`≤ ${kib(GOAL_BYTES)}`.padStart(12)}` +
      ` ${'import baseline'.padStart(16)} ${'import now'.padStart(11)} ${'now/baseline'.padStart(13)} ${`≤ ${GOAL_IMPORT_RATIO}×`.padStart(8)} ${'process now'.padStart(12)}`,
  );
  for (const report of reports) console.log(`  ${reportLine(report, load.factor, nameWidth)}`);
  for (const report of reports.filter((entry) => entry.baselineFailure !== undefined)) {
    if (baselineFigures(report, load.factor) === undefined) {
      console.log(`  * ${report.name}: new since ${BASELINE_COMMIT.slice(0, 7)}, so no baseline to compare with; judged on size only`);
      continue;
    }
    const source = BASELINE_HANDLER_OF[report.name] ? `the ${BASELINE_HANDLER_OF[report.name]}'s (it was part of that function)` : 'its';
    console.log(`  * ${report.name}: ${source} figures RECORDED at ${BASELINE_COMMIT.slice(0, 7)}, not measured in this run (${report.baselineFailure})`);
  }
  if (load.from) console.log(`  * recorded import times × ${load.factor.toFixed(2)}: this run's load factor (the ${load.from} baseline rebuilt here against its recorded time)`);
  console.log(`  (${LOADS} fresh \`node ${IMPORT_ENV.NODE_OPTIONS}\` processes per bundle, as deployed, baseline and now alternating; "import" is the bundle's own load, "process" includes Node's start-up;`);
  console.log('   "now/baseline" is the median of the ratios within each round where the baseline was rebuilt, else the ratio of the medians)');
}

function reportLine(report: HandlerReport, loadFactor: number, nameWidth: number): string {
  const before = baselineFigures(report, loadFactor);
  const name = report.baselineFailure === undefined ? report.name : `${report.name} *`;
  const sizes = `${name.padEnd(nameWidth)} ${(before ? kib(before.bytes) : '-').padStart(9)} ${kib(report.now.bytes).padStart(9)} ${kib(report.now.gzipBytes).padStart(9)} ${verdict(report.now.bytes <= GOAL_BYTES).padStart(12)}`;
  if (report.loadError) return `${sizes} load failed: ${report.loadError}`;
  const ratio = report.pairedImportRatio ?? (before?.importMs === undefined || report.now.importMs === undefined ? undefined : report.now.importMs / before.importMs);
  const ratioText = ratio === undefined ? '-' : formatRatio(ratio, 1);
  const goal = ratio === undefined ? '-' : verdict(ratio <= GOAL_IMPORT_RATIO);
  return `${sizes} ${ms(before?.importMs).padStart(16)} ${ms(report.now.importMs).padStart(11)} ${ratioText.padStart(13)} ${goal.padStart(8)} ${ms(report.now.processMs).padStart(12)}`;
}

/** The baseline tree, or why there is none (then the recorded figures stand in, labelled). */
async function baselineTree(folder: string): Promise<{ tree?: BaselineTree; source: string }> {
  const commit = BASELINE_COMMIT.slice(0, 7);
  try {
    return { tree: await exportBaselineTree(folder), source: `commit ${commit}, rebuilt with its own bundling options in this run` };
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) || String(error);
    return { source: `RECORDED figures of commit ${commit}, not this run (rebuilding it failed: ${reason})` };
  }
}

export async function runBundleBench(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'feedline-bundles-'));
  try {
    const baseline = await baselineTree(folder);
    const reports: HandlerReport[] = [];
    for (const name of await handlerNames(REPO_ROOT)) reports.push(await measure(name, folder, baseline.tree));
    printReport(reports, baseline.source);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runBundleBench();
}
