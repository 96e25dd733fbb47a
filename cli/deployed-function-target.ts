import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { loadStreamFunctionConfig } from '../shared/config/stream-function-config.ts';
import { SqsFailedBatchQueue } from '../shared/recovery/failed-batch-queue.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';

/** The deployment as its stream function sees it: environment for settings, event source mapping for the DLQ. */
export async function deployedFunctionTarget(functionName: string, region: string, queueUrl: string | undefined): Promise<CliTarget> {
  const lambda = new LambdaClient({ region });
  const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  if (!Environment?.Variables) throw new InputError(`function ${functionName} has no environment: is it Feedline's stream function?`);
  const config = loadStreamFunctionConfig({ ...Environment.Variables, AWS_REGION: region });
  return {
    clients: createAwsClients(config.aws),
    clientOptions: config.aws,
    tableName: config.tableName,
    streamFunctionConfig: config,
    pollerEnvironment: {},
    failedBatchQueue: async () => new SqsFailedBatchQueue(new SQSClient({ region }), queueUrl ?? (await onFailureQueueUrl(lambda, functionName, region))),
    description: `stream function ${functionName} in ${region} (table ${config.tableName}, bucket ${config.bucketName})`,
  };
}

/** The SQS queue the function's stream mapping sends dropped batches to. */
async function onFailureQueueUrl(lambda: LambdaClient, functionName: string, region: string): Promise<string> {
  const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: functionName }));
  const destinations = (EventSourceMappings ?? []).flatMap((mapping) => mapping.DestinationConfig?.OnFailure?.Destination ?? []);
  const queueArn = destinations.find((arn) => arn.startsWith('arn:aws') && arn.split(':')[2] === 'sqs');
  if (!queueArn) throw new InputError(`no SQS on-failure destination on the event source mappings of ${functionName}; pass --queue-url`);
  const [, , , , account, queueName] = queueArn.split(':');
  const { QueueUrl } = await new SQSClient({ region }).send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }));
  if (!QueueUrl) throw new InputError(`queue ${queueArn} has no URL`);
  return QueueUrl;
}
