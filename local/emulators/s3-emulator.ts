import { createCipheriv } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { writeJsonLine, type JsonLog } from './json-line-log.ts';

export { EMULATOR_CREDENTIALS } from './emulator-credentials.ts';

export interface S3EmulatorOptions {
  /** Where s3rver keeps objects; a fresh temp folder (removed on stop) when omitted. */
  directory?: string;
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  host?: string;
  /** Empties the store when the server closes (default true). */
  resetOnClose?: boolean;
  log?: JsonLog;
}

export interface RunningS3Emulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Runs s3rver inside this process on 127.0.0.1. Clients need `forcePathStyle: true` and the
 * `EMULATOR_CREDENTIALS`.
 *
 * s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers with
 * `node --openssl-legacy-provider`; without it truncated listings answer 500. `npm start` passes
 * the flag; where the flag cannot be set (the vitest main process) use `startS3EmulatorProcess`.
 */
export async function startS3Emulator(options: S3EmulatorOptions = {}): Promise<RunningS3Emulator> {
  const log = options.log ?? writeJsonLine;
  if (!legacyCiphersAvailable()) {
    log({
      level: 'warn',
      message: 'S3 emulator without --openssl-legacy-provider: truncated ListObjectsV2 pages will fail with 500',
    });
  }
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(path.join(os.tmpdir(), 'feedline-s3-')));
  // s3rver's reset-on-close scans the folder and throws if it does not exist.
  await mkdir(directory, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    silent: true,
    directory,
    resetOnClose: options.resetOnClose ?? true,
  });
  const address = await server.run();
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    stop: async () => {
      const closing = server.close();
      // Idle keep-alive sockets of SDK clients would otherwise hold the close open.
      server.httpServer?.closeAllConnections();
      await closing;
      if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}

/** True when this Node process can use DES (`--openssl-legacy-provider`), which s3rver's listings need. */
export function legacyCiphersAvailable(): boolean {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    // The probe's only question is whether DES exists; the error itself carries nothing more.
    return false;
  }
}
