import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * What `npm start` keeps between runs, all under the checkout's git-ignored `.feedline/`: the
 * DynamoDB Local database (tables, items and streams), the S3 emulator's objects, the stream
 * position, and the JSON logs.
 */
export interface LocalDataPaths {
  root: string;
  dynamoDb: string;
  s3: string;
  streamCheckpoints: string;
  /** The feed server's address the kept documents link to. */
  feedBaseUrl: string;
  logs: string;
  /** Held by the running `npm start`, so a second one refuses instead of taking over. */
  lock: string;
  /** The running pipeline's addresses, for the CLI and the tests (`LocalState`). */
  state: string;
}

/** Where `npm start` keeps its data when not in the checkout's `.feedline/`. */
export const LOCAL_DATA_DIR_ENV = 'FEEDLINE_DATA_DIR';

/** The data folder: `FEEDLINE_DATA_DIR` when set, else the checkout's `.feedline/`. */
export function localDataRoot(env: Readonly<Record<string, string | undefined>>, projectRoot: string): string {
  return resolve(env[LOCAL_DATA_DIR_ENV] || join(projectRoot, '.feedline'));
}

export function localDataPaths(root: string): LocalDataPaths {
  return {
    root,
    dynamoDb: join(root, 'dynamodb'),
    s3: join(root, 's3'),
    streamCheckpoints: join(root, 'stream-checkpoints.json'),
    feedBaseUrl: join(root, 'feed-base-url'),
    logs: join(root, 'logs'),
    lock: join(root, 'lock'),
    state: join(root, 'local.json'),
  };
}

/** `npm start -- --fresh`: forget every post, subscription and feed; the logs stay. */
export async function eraseLocalData(paths: LocalDataPaths): Promise<void> {
  for (const path of [paths.dynamoDb, paths.s3, paths.streamCheckpoints, paths.feedBaseUrl]) {
    await rm(path, { recursive: true, force: true });
  }
}
