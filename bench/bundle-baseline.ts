import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BuildOptions } from 'esbuild';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The last commit before issue 11's bundle work: what "today's" bundles and import times in the
 * issue's goals refer to. Its zod imports and SDK credential chain are in the source, not in the
 * bundling options, so only its own source tree reproduces those bundles.
 */
export const BASELINE_COMMIT = '4ba2ec6e0bd9be5d47f319d6fe6091626892a32d';

/**
 * What `npm run bench -- bundles` printed at BASELINE_COMMIT (2026-11-30, 2 cores, load 5.5):
 * shown, labelled, only when the commit cannot be rebuilt (a shallow clone, or the packages it
 * imports and we no longer have cannot be installed). Import times are medians over 20 fresh processes.
 */
export const RECORDED_BASELINE: Readonly<Record<string, { kib: number; importMs: number }>> = {
  poller: { kib: 2_517, importMs: 228 },
  stream: { kib: 1_220, importMs: 118 },
  websub: { kib: 1_970, importMs: 342 },
};

/** Handlers split out of a baseline handler since: the poll worker does what the poller did. */
export const BASELINE_HANDLER_OF: Readonly<Record<string, string>> = {
  'poll-worker': 'poller',
};

/**
 * Names a folder of packages the baseline imports and this checkout's node_modules no longer has
 * (Powertools Tracer left with the X-Ray client of our own), e.g. the node_modules of a checkout
 * of BASELINE_COMMIT. When unset, the bench installs those packages, at the versions the commit
 * pinned, into BASELINE_PACKAGES_CACHE once and reuses them.
 */
export const BASELINE_MODULES_VARIABLE = 'BENCH_BASELINE_NODE_MODULES';

/** Where the baseline's own packages are installed: beside the other tools' caches, out of git. */
const BASELINE_PACKAGES_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'feedline-bundle-baseline', BASELINE_COMMIT.slice(0, 12));

export interface BaselineTree {
  /** Where the commit's files are; its handlers are `functions/<name>/handler.ts` under it. */
  root: string;
  /** The commit's own `esbuildOptions` (infra/handler-bundling.ts as it was), resolving gone packages from BASELINE_MODULES_VARIABLE. */
  esbuildOptions: (entry: string, outfile: string) => BuildOptions;
}

/**
 * Writes BASELINE_COMMIT's files into `folder` with `git archive`, lends them this checkout's
 * node_modules (the same dependency versions, so only our source differs) and loads the commit's
 * bundling options. Throws when git cannot produce the commit.
 */
export async function exportBaselineTree(folder: string): Promise<BaselineTree> {
  const root = join(folder, 'baseline');
  const archive = join(folder, 'baseline.tar');
  mkdirSync(root, { recursive: true });
  await run('git', ['-C', REPO_ROOT, 'archive', '--format=tar', '--output', archive, BASELINE_COMMIT]);
  await run('tar', ['-xf', archive, '-C', root]);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const bundling = (await import(pathToFileURL(join(root, 'infra', 'handler-bundling.ts')).href)) as Pick<BaselineTree, 'esbuildOptions'>;
  const fallbackModules = process.env[BASELINE_MODULES_VARIABLE] ?? (await installGonePackages(root));
  if (!fallbackModules) return { root, esbuildOptions: bundling.esbuildOptions };
  // Searched only where node_modules has no such package: every other dependency stays this checkout's.
  return { root, esbuildOptions: (entry, outfile) => ({ ...bundling.esbuildOptions(entry, outfile), nodePaths: [fallbackModules] }) };
}

/**
 * Installs the baseline's dependencies this checkout no longer has (and theirs), at the versions
 * the commit pinned, so a fresh clone rebuilds the baseline instead of falling back to recorded
 * figures. Returns the folder to resolve them from, or undefined when nothing is gone.
 */
async function installGonePackages(root: string): Promise<string | undefined> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const gone = Object.entries(manifest.dependencies ?? {}).filter(([name]) => !existsSync(join(REPO_ROOT, 'node_modules', name, 'package.json')));
  if (gone.length === 0) return undefined;
  const modules = join(BASELINE_PACKAGES_CACHE, 'node_modules');
  const missing = gone.filter(([name]) => !existsSync(join(modules, name, 'package.json')));
  if (missing.length > 0) {
    mkdirSync(BASELINE_PACKAGES_CACHE, { recursive: true });
    const specs = missing.map(([name, version]) => `${name}@${version}`);
    await run('npm', ['install', '--prefix', BASELINE_PACKAGES_CACHE, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', ...specs]);
  }
  return modules;
}
