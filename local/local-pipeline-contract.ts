import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import type { AwsClientOptions } from '../shared/aws/aws-clients.ts';
import type { FailedBatchQueue } from '../shared/recovery/failed-batch-queue.ts';
import { EMULATOR_CREDENTIALS } from './emulators/emulator-credentials.ts';
import { FailedBatchDirectory } from './failed-batch-directory.ts';
import { LOCAL_POLLER_ENV } from './local-poller-env.ts';
import { localLambdaEnvironment } from './local-site.ts';
import { localDataPaths, localDataRoot } from './local-data-directory.ts';

/**
 * What a running `npm start` promises other processes (the CLI, the benchmark): where it says how
 * to reach it, the shape of that file, the credentials its emulators accept, the settings its
 * handlers run with, and where its dead-letter folder is. Code outside `local/` that talks to the
 * running pipeline goes through this module only, so the pipeline's internals can move freely.
 */

export { EMULATOR_CREDENTIALS };

/** Overrides where the state file is looked for (tests run several pipelines side by side). */
export const LOCAL_STATE_PATH_ENV = 'FEEDLINE_LOCAL_STATE';

/** Lives in the project's `.feedline/` folder, which is git-ignored. */
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
  /** Items a feed, when the pipeline runs with other than the local site's default. */
  itemsPerFeed: z.number().int().min(1).optional(),
  /** The SES v2 emulator the newsletter sends to; its page shows every message. */
  sesEndpoint: z.url().optional(),
  /** Where the newsletter endpoint (subscribe form, confirm and unsubscribe links) is served. */
  newsletterBaseUrl: z.url().optional(),
});

export type LocalState = z.output<typeof LocalStateSchema>;

/**
 * Where a process finds the running pipeline's state file: named outright, else in the data folder
 * `npm start` was given, else in the project's `.feedline/`.
 */
export function localStatePathFrom(env: Record<string, string | undefined>, projectRoot: string): string {
  return env[LOCAL_STATE_PATH_ENV] || localDataPaths(localDataRoot(env, projectRoot)).state;
}

/** Beside the state file, so the CLI finds the queue of the pipeline it talks to. */
export function failedBatchDirectoryFor(localStatePath: string): string {
  return join(dirname(localStatePath), 'failed-batches');
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

/** Clients for the pipeline's emulators. */
export function localClientOptions(state: LocalState): AwsClientOptions {
  return {
    region: state.region,
    dynamoDbEndpoint: state.dynamoDbEndpoint,
    s3Endpoint: state.s3Endpoint,
    s3ForcePathStyle: true,
    credentials: { ...EMULATOR_CREDENTIALS },
  };
}

/** The environment its stream handler runs with: a rebuild from it renders byte-identical feeds. */
export function localStreamEnvironment(state: LocalState): Record<string, string> {
  const endpoints = { dynamoDbEndpoint: state.dynamoDbEndpoint, s3Endpoint: state.s3Endpoint, feedBaseUrl: state.feedServerUrl, websubHubUrls: state.websubHubUrls, itemsPerFeed: state.itemsPerFeed };
  return { ...localLambdaEnvironment(endpoints), TABLE_NAME: state.tableName, BUCKET_NAME: state.bucketName, AWS_REGION: state.region };
}

/** Its poller's settings (SSRF guard off, for 127.0.0.1); hubs reach the callback on its feed server. */
export function localPollerEnvironment(state: LocalState): Record<string, string> {
  return { ...LOCAL_POLLER_ENV, WEBSUB_CALLBACK_BASE_URL: state.feedServerUrl };
}

/**
 * The local newsletter key (64 hex digits), generated once and kept beside the state file so
 * stored addresses stay readable across restarts; the CLI reads it to find and erase addresses.
 */
export function newsletterSecretPathFor(localStatePath: string): string {
  return join(dirname(localStatePath), 'newsletter-key');
}

/** The local stand-in for the stream's dead-letter queue. */
export function localFailedBatchQueue(localStatePath: string): FailedBatchQueue {
  return new FailedBatchDirectory(failedBatchDirectoryFor(localStatePath));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
