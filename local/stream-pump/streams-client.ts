import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { AwsClientOptions } from '../../shared/aws/aws-clients.ts';

/**
 * The Streams API client for the pump, from the same options as `createAwsClients` (the Lambda
 * runtime never needs one, so `shared/` does not build it). DynamoDB Local serves both APIs on
 * one endpoint.
 */
export function createStreamsClient(options: AwsClientOptions): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({
    region: options.region,
    endpoint: options.dynamoDbEndpoint,
    credentials: options.credentials,
  });
}
