import { rm } from 'node:fs/promises';
import { join } from 'node:path';

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
  };
}

/** `npm start -- --fresh`: forget every post, subscription and feed; the logs stay. */
export async function eraseLocalData(paths: LocalDataPaths): Promise<void> {
  for (const path of [paths.dynamoDb, paths.s3, paths.streamCheckpoints, paths.feedBaseUrl]) {
    await rm(path, { recursive: true, force: true });
  }
}
