import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject, vi } from 'vitest';
import { newsletterSecretPathFor } from '../../local/local-pipeline-contract.ts';
import { writeLocalState } from '../../local/local-state.ts';
import { EMULATOR_REGION } from './emulator-clients.ts';

/** Every folder this test file's calls made; vitest isolates modules per file, so this is per file. */
const createdFolders: string[] = [];

// Registered when a test file imports this module, so the folders go when that file ends.
afterAll(async () => {
  await Promise.all(createdFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

export interface CliLocalStateOptions {
  tableName: string;
  bucketName?: string;
  feedServerUrl?: string;
  /** Also the local newsletter: the SES emulator, the endpoint's base URL and this key (64 hex digits). */
  newsletter?: { baseUrl: string; secret: string };
}

/**
 * Points the CLI (`main` from cli/main.ts, run in this process) at the test emulators, as a
 * running `npm start` would: a state file in a fresh folder, named by `FEEDLINE_LOCAL_STATE`.
 * Returns the folder, which tests may use for their input files; it is removed when the test file
 * ends. Undo the environment with `vi.unstubAllEnvs()`.
 */
export async function pointCliAtEmulators(options: CliLocalStateOptions): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'feedline-cli-'));
  createdFolders.push(directory);
  const statePath = path.join(directory, 'local.json');
  await writeLocalState(statePath, {
    pid: process.pid,
    region: EMULATOR_REGION,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
    tableName: options.tableName,
    bucketName: options.bucketName ?? 'unused',
    feedServerUrl: options.feedServerUrl ?? 'http://127.0.0.1:8080/',
    ...(options.newsletter ? { sesEndpoint: inject('sesEndpoint'), newsletterBaseUrl: options.newsletter.baseUrl } : {}),
  });
  if (options.newsletter) await writeFile(newsletterSecretPathFor(statePath), `${options.newsletter.secret}\n`);
  vi.stubEnv('FEEDLINE_LOCAL_STATE', statePath);
  return directory;
}
