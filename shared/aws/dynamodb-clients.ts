import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from '../store/document-table.ts';
import type { AwsClientOptions } from './aws-clients.ts';
import { SdkDocumentTable } from './sdk-document-table.ts';

/** The table's clients: the SDK's low-level client (table admin, streams, tracing) and the stores' port. */
export interface DynamoDbClients {
  dynamoDb: DynamoDBClient;
  documents: DocumentTable;
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
  return { dynamoDb, documents: new SdkDocumentTable(documents) };
}
