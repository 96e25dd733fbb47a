import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { formatSummary, summarise } from './bench-stats.ts';
import type { RequestCountingProxy } from './request-counting-proxy.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The `feedline` launcher an operator runs: the built bundle when there is one, else tsx. */
export const LAUNCHER = join(REPO_ROOT, 'cli', 'feedline.js');
/** Fresh processes per listing command. */
export const LIST_RUNS = 5;

/** Says so when the launcher will fall back to tsx, whose start-up is not what operators get. */
export function noteWhenCliIsNotBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) console.log('  note: dist/cli is missing, so this times tsx; run npm run build:cli first');
}

/** Wall time of `node <args>` from spawn to exit, `count` fresh processes one after another. */
export async function timeProcesses(args: readonly string[], count: number, env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const startedAt = performance.now();
    await run(process.execPath, [...args], { cwd: REPO_ROOT, env, maxBuffer: 64 * 2 ** 20 });
    times.push(performance.now() - startedAt);
  }
  return times;
}

/** The DynamoDB requests the proxy counted, per run: `2 Query, 1 GetItem`. */
export function requestsPerRun(proxy: RequestCountingProxy, runs: number): string {
  return [...proxy.counts()].map(([action, count]) => `${count / runs} ${action.replace(/^DynamoDB_\d+\./, '')}`).join(', ');
}

/** One listing command in fresh processes, with its time and the requests each run made. */
export async function timeListing(command: readonly string[], env: NodeJS.ProcessEnv, proxy: RequestCountingProxy): Promise<void> {
  proxy.reset();
  const times = await timeProcesses([LAUNCHER, ...command], LIST_RUNS, env);
  console.log(`  feedline ${command.join(' ').padEnd(18)} ${formatSummary(summarise(times))}; per run: ${requestsPerRun(proxy, LIST_RUNS)} (goal ≤ 1 s, O(pages))`);
}
