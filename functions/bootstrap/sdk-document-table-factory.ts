import { createDynamoDbClients } from '../../shared/aws/dynamodb-clients.ts';
import type { DocumentTableFactory } from './document-table-factory.ts';

/** The table through the SDK's DocumentClient, with one X-Ray subsegment per DynamoDB call. */
export const sdkDocumentTable: DocumentTableFactory = (aws, traceClient) => {
  const clients = createDynamoDbClients(aws);
  traceClient(clients.dynamoDb);
  return clients.documents;
};
