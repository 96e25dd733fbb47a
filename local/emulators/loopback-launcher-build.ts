import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { JsonLog } from './json-line-log.ts';

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./${LAUNCHER_CLASS}.java`, import.meta.url));

/** What to put after `java -cp <classPath>`: a compiled class name or, as fallback, the source file. */
export interface LoopbackLauncher {
  classPath: string;
  main: string;
}

export class LauncherBuildError extends Error {
  override readonly name = 'LauncherBuildError';

  constructor(
    message: string,
    readonly compilerOutput: string,
  ) {
    super(`${message}\n${compilerOutput}`);
  }
}

export interface LauncherBuildOptions {
  /** DynamoDB Local's class path, needed to compile against its classes. */
  dynamoDbLocalClassPath: string;
  javac: string;
  /** Compiled classes are cached here, keyed by source and DynamoDB Local version. */
  cacheRoot?: string;
  log: JsonLog;
}

/**
 * Compiles the Java launcher once and caches the class: measured here, a cached class starts
 * DynamoDB Local in ~2.5 s where Java's single-file source launcher needs ~4.4 s on every start.
 * Without `javac` (a JRE only) it falls back to the source launcher.
 */
export async function prepareLoopbackLauncher(options: LauncherBuildOptions): Promise<LoopbackLauncher> {
  const source = await readFile(LAUNCHER_SOURCE, 'utf8');
  const cacheRoot = options.cacheRoot ?? path.join(os.tmpdir(), 'feedline-dynamodb-local-launcher');
  const classDirectory = path.join(cacheRoot, cacheKey(source, options.dynamoDbLocalClassPath));
  const compiled = { classPath: withClassPath(classDirectory, options), main: LAUNCHER_CLASS };
  if (await exists(path.join(classDirectory, `${LAUNCHER_CLASS}.class`))) return compiled;
  try {
    await compileInto(classDirectory, options);
    return compiled;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    options.log({ level: 'warn', message: `${options.javac} not found: using the slower Java source launcher` });
    return { classPath: options.dynamoDbLocalClassPath, main: LAUNCHER_SOURCE };
  }
}

function cacheKey(source: string, classPath: string): string {
  return createHash('sha256').update(source).update('\0').update(classPath).digest('hex').slice(0, 16);
}

function withClassPath(classDirectory: string, options: LauncherBuildOptions): string {
  return [classDirectory, options.dynamoDbLocalClassPath].join(path.delimiter);
}

/** Compiles into a private folder, then renames it into place so concurrent runs never see half a build. */
async function compileInto(classDirectory: string, options: LauncherBuildOptions): Promise<void> {
  const staging = `${classDirectory}.staging-${randomUUID()}`;
  await mkdir(staging, { recursive: true });
  try {
    await runJavac(staging, options);
    await rename(staging, classDirectory).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same build first; its result is identical.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function runJavac(outputDirectory: string, options: LauncherBuildOptions): Promise<void> {
  const args = ['-d', outputDirectory, '-cp', options.dynamoDbLocalClassPath, LAUNCHER_SOURCE];
  try {
    await promisify(execFile)(options.javac, args, { timeout: 60_000 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw error;
    throw new LauncherBuildError(`javac failed on ${LAUNCHER_SOURCE}`, failure.stderr ?? String(error));
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
