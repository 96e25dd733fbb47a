import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Where a running `npm start` tells other processes (the CLI, the benchmark) how to reach it.
 * Lives in the project's `.feedline/` folder, which is git-ignored.
 */
export const LocalStateSchema = z.object({
  pid: z.number().int(),
  region: z.string(),
  dynamoDbEndpoint: z.url(),
  s3Endpoint: z.url(),
  tableName: z.string(),
  bucketName: z.string(),
  feedServerUrl: z.url(),
  /** The CLI's rebuilds render the same hub links as the running handler. */
  websubHubUrls: z.array(z.url()).default([]),
});

export type LocalState = z.output<typeof LocalStateSchema>;

export function defaultLocalStatePath(projectRoot: string): string {
  return join(projectRoot, '.feedline', 'local.json');
}

export async function writeLocalState(path: string, state: z.input<typeof LocalStateSchema>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeLocalState(path: string): Promise<void> {
  await rm(path, { force: true });
}

export class LocalPipelineNotRunningError extends Error {
  override readonly name = 'LocalPipelineNotRunningError';
}

/** Reads the state of the running local pipeline; errors say what to do. */
export async function readLocalState(path: string): Promise<LocalState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new LocalPipelineNotRunningError(
      `no local pipeline found (${path} is missing): run "npm start" first, or pass --table to use a real table`,
    );
  }
  const state = LocalStateSchema.parse(JSON.parse(text));
  if (!isAlive(state.pid)) {
    throw new LocalPipelineNotRunningError(`the local pipeline (pid ${state.pid}) is not running: run "npm start"`);
  }
  return state;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
