import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAwsClients, type AwsClients } from '../shared/aws/aws-clients.ts';
import { loadRuntimeConfig, type RuntimeConfig } from '../shared/config/runtime-env.ts';
import { SqsFailedBatchQueue, type FailedBatchQueue } from '../shared/recovery/failed-batch-queue.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { FailedBatchDirectory, failedBatchDirectoryFor } from '../local/failed-batch-directory.ts';
import { localLambdaEnvironment } from '../local/local-site.ts';
import { defaultLocalStatePath, readLocalState } from '../local/local-state.ts';
import { createStreamsClient } from '../local/stream-pump/streams-client.ts';

/** Everything a recovery command needs: the deployment's own settings, not the operator's guess. */
export interface RecoveryTarget {
  clients: AwsClients;
  streams: DynamoDBStreamsClient;
  config: RuntimeConfig;
  /** Resolved only when a command needs it (`dlq replay`). */
  failedBatchQueue(): Promise<FailedBatchQueue>;
  description: string;
}

export interface RecoveryTargetOptions {
  /** The deployed stream function (`StreamFunctionName` output); absent means the local pipeline. */
  functionName?: string;
  region?: string;
  /** Overrides the queue found on the function's event source mapping. */
  queueUrl?: string;
  stateFile?: string;
}

/** The deployment could not be read from the function; says what was missing. */
export class RecoveryTargetError extends Error {
  override readonly name = 'RecoveryTargetError';
}

const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * `--function` reads table, bucket and site settings from the deployed stream function's own
 * environment, so a rebuild renders byte-for-byte what the Lambda renders; its event source
 * mapping names the DLQ. Without it, the command works on the running `npm start` pipeline.
 */
export async function resolveRecoveryTarget(options: RecoveryTargetOptions): Promise<RecoveryTarget> {
  return options.functionName ? deployedTarget(options.functionName, options) : localTarget(options);
}

async function deployedTarget(functionName: string, options: RecoveryTargetOptions): Promise<RecoveryTarget> {
  const region = options.region ?? 'us-east-1';
  const lambda = new LambdaClient({ region });
  const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  if (!Environment?.Variables) throw new RecoveryTargetError(`function ${functionName} has no environment: is it Feedline's stream function?`);
  const config = loadRuntimeConfig({ ...Environment.Variables, AWS_REGION: region });
  return {
    clients: createAwsClients(config.aws),
    streams: new DynamoDBStreamsClient({ region }),
    config,
    failedBatchQueue: async () => new SqsFailedBatchQueue(new SQSClient({ region }), options.queueUrl ?? (await onFailureQueueUrl(lambda, functionName, region))),
    description: `stream function ${functionName} in ${region} (table ${config.tableName}, bucket ${config.bucketName})`,
  };
}

/** The SQS queue the function's stream mapping sends dropped batches to. */
async function onFailureQueueUrl(lambda: LambdaClient, functionName: string, region: string): Promise<string> {
  const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: functionName }));
  const destinations = (EventSourceMappings ?? []).flatMap((mapping) => mapping.DestinationConfig?.OnFailure?.Destination ?? []);
  const queueArn = destinations.find((arn) => arn.startsWith('arn:aws') && arn.split(':')[2] === 'sqs');
  if (!queueArn) throw new RecoveryTargetError(`no SQS on-failure destination on the event source mappings of ${functionName}; pass --queue-url`);
  const [, , , , account, queueName] = queueArn.split(':');
  const { QueueUrl } = await new SQSClient({ region }).send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }));
  if (!QueueUrl) throw new RecoveryTargetError(`queue ${queueArn} has no URL`);
  return QueueUrl;
}

async function localTarget(options: RecoveryTargetOptions): Promise<RecoveryTarget> {
  const statePath = options.stateFile ?? defaultLocalStatePath(PROJECT_ROOT);
  const state = await readLocalState(statePath);
  const config = loadRuntimeConfig(
    localLambdaEnvironment({
      dynamoDbEndpoint: state.dynamoDbEndpoint,
      s3Endpoint: state.s3Endpoint,
      feedBaseUrl: state.feedServerUrl,
      websubHubUrls: state.websubHubUrls,
    }),
  );
  const clientOptions = { ...config.aws, credentials: { ...EMULATOR_CREDENTIALS } };
  return {
    clients: createAwsClients(clientOptions),
    streams: createStreamsClient(clientOptions),
    config,
    failedBatchQueue: async () => new FailedBatchDirectory(failedBatchDirectoryFor(statePath)),
    description: `local pipeline (table ${state.tableName} at ${state.dynamoDbEndpoint})`,
  };
}
