import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAwsClients, type AwsClients } from '../shared/aws/aws-clients.ts';
import { defaultLocalStatePath, readLocalState } from '../local/local-state.ts';

/** The table (and bucket) a CLI command works on. */
export interface CliTarget {
  clients: AwsClients;
  tableName: string;
  bucketName?: string;
  /** Where the feeds can be read, when known (the local feed server). */
  feedServerUrl?: string;
  description: string;
}

export interface TargetOptions {
  table?: string;
  bucket?: string;
  region?: string;
  stateFile?: string;
}

const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * `--table` (or FEEDLINE_TABLE) selects a real DynamoDB table with the default AWS credential
 * chain; otherwise the command talks to the pipeline that `npm start` is running.
 */
export async function resolveCliTarget(options: TargetOptions): Promise<CliTarget> {
  if (options.table) {
    const region = options.region ?? 'us-east-1';
    return {
      clients: createAwsClients({ region }),
      tableName: options.table,
      bucketName: options.bucket,
      description: `table ${options.table} in ${region}`,
    };
  }
  const state = await readLocalState(options.stateFile ?? defaultLocalStatePath(PROJECT_ROOT));
  return {
    clients: createAwsClients({
      region: state.region,
      dynamoDbEndpoint: state.dynamoDbEndpoint,
      s3Endpoint: state.s3Endpoint,
      s3ForcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
    tableName: state.tableName,
    bucketName: state.bucketName,
    feedServerUrl: state.feedServerUrl,
    description: `local pipeline (table ${state.tableName} at ${state.dynamoDbEndpoint})`,
  };
}
