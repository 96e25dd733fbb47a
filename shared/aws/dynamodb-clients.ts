import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientOptions } from './aws-clients.ts';

/** The table's clients: every function has them. */
export interface DynamoDbClients {
  dynamoDb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
}

export function createDynamoDbClients(options: Pick<AwsClientOptions, 'region' | 'dynamoDbEndpoint' | 'credentials'>): DynamoDbClients {
  const dynamoDb = new DynamoDBClient({
    region: options.region,
    endpoint: options.dynamoDbEndpoint,
    credentials: options.credentials,
  });
  const documents = DynamoDBDocumentClient.from(dynamoDb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { dynamoDb, documents };
}
