import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnEmulatorProcess } from './emulator-process.ts';
import type { JsonLog } from './json-line-log.ts';
import type { RunningS3Emulator } from './s3-emulator.ts';

export const S3_EMULATOR_READY_PREFIX = 'FEEDLINE_S3_EMULATOR_LISTENING';

const CHILD_ENTRY = fileURLToPath(new URL('./s3-emulator-child.ts', import.meta.url));
/** tsx's loader as a file URL; `import.meta.resolve` is unavailable under vitest's module runner. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface S3EmulatorProcessOptions {
  directory?: string;
  port?: number;
  host?: string;
  startupTimeoutMs?: number;
  log?: JsonLog;
}

/**
 * Runs the S3 emulator in a child Node process started with `--openssl-legacy-provider`, for
 * hosts whose own flags cannot be chosen (vitest's main process runs the global setup). Same
 * result shape as `startS3Emulator`; the child exits when this process does.
 */
export async function startS3EmulatorProcess(options: S3EmulatorProcessOptions = {}): Promise<RunningS3Emulator> {
  const host = options.host ?? '127.0.0.1';
  const args = [host, String(options.port ?? 0), ...(options.directory ? [options.directory] : [])];
  const running = await spawnEmulatorProcess({
    name: 'S3 emulator',
    command: process.execPath,
    args: ['--openssl-legacy-provider', '--import', TSX_LOADER, CHILD_ENTRY, ...args],
    cwd: os.tmpdir(),
    // An inherited NODE_OPTIONS (vitest, debuggers) must not leak loaders into the emulator.
    env: { ...process.env, NODE_OPTIONS: '' },
    readyLine: new RegExp(`^${S3_EMULATOR_READY_PREFIX} \\S+ (\\d+)$`),
    timeoutMs: options.startupTimeoutMs ?? 30_000,
    ...(options.log ? { log: options.log } : {}),
  });
  return { endpoint: `http://${host}:${running.port}`, port: running.port, stop: () => running.stop() };
}
