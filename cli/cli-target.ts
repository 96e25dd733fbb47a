import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../shared/aws/aws-clients.ts';
import type { StreamFunctionConfig } from '../shared/config/stream-function-config.ts';
import type { FailedBatchQueue } from '../shared/recovery/failed-batch-queue.ts';
import { UsageError } from './cli-errors.ts';

/** Where a command works: the table, and for rebuilds the deployment's own settings. */
export interface CliTarget {
  clients: AwsClients;
  clientOptions: AwsClientOptions;
  tableName: string;
  /** The stream function's settings (bucket, site, hubs); absent with `--table`. */
  streamFunctionConfig?: StreamFunctionConfig;
  /** Settings the poller runs with there, over its defaults (the local run's SSRF guard is off). */
  pollerEnvironment: Record<string, string>;
  /** Where the feeds can be read, when known (the local feed server). */
  feedServerUrl?: string;
  /** The local newsletter's key and endpoints; elsewhere they come from FEEDLINE_NEWSLETTER_* variables. */
  newsletter?: { secretPath: string; baseUrl?: string; sesEndpoint?: string };
  /** The stream's dead-letter queue; resolved only by `dlq replay`. */
  failedBatchQueue(): Promise<FailedBatchQueue>;
  description: string;
}

export interface TargetOptions {
  table?: string;
  functionName?: string;
  region?: string;
  queueUrl?: string;
  /** Where the local pipeline's state file is looked for, when neither --table nor --function is given. */
  env: Record<string, string | undefined>;
}

/**
 * The one target resolution of every command: `--function` reads table, bucket and site from the
 * deployed stream function's environment (a rebuild renders what the Lambda renders), `--table`
 * names a table only, and without either the command works on the running `npm start` pipeline.
 */
export async function resolveCliTarget(options: TargetOptions): Promise<CliTarget> {
  if (options.table && options.functionName) throw new UsageError('give --table or --function, not both');
  if (options.functionName) {
    const { deployedFunctionTarget } = await import('./deployed-function-target.ts');
    return deployedFunctionTarget(options.functionName, options.region ?? 'us-east-1', options.queueUrl);
  }
  if (options.table) return tableTarget(options.table, options.region ?? 'us-east-1');
  const { localPipelineTarget } = await import('./local-pipeline-target.ts');
  return localPipelineTarget(options.env);
}

function tableTarget(tableName: string, region: string): CliTarget {
  const clientOptions = { region };
  return {
    clients: createAwsClients(clientOptions),
    clientOptions,
    tableName,
    pollerEnvironment: {},
    failedBatchQueue: () => Promise.reject(new UsageError('dlq replay needs the stream function: pass --function <StreamFunctionName>')),
    description: `table ${tableName} in ${region}`,
  };
}

/** The deployment's settings, or a usage error saying how to give them. */
export function streamFunctionConfigOf(target: CliTarget, command: string): StreamFunctionConfig {
  if (target.streamFunctionConfig) return target.streamFunctionConfig;
  throw new UsageError(`${command} renders feeds with the deployment's site settings: pass --function <StreamFunctionName> instead of --table`);
}

/** The Streams API client (DynamoDB Local serves both APIs on one endpoint). */
export async function streamsClientOf(target: CliTarget): Promise<DynamoDBStreamsClient> {
  const { DynamoDBStreamsClient } = await import('@aws-sdk/client-dynamodb-streams');
  const { region, dynamoDbEndpoint, credentials } = target.clientOptions;
  return new DynamoDBStreamsClient({ region, endpoint: dynamoDbEndpoint, credentials });
}
