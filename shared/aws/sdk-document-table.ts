import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from '../store/document-table.ts';

/**
 * The table through the SDK's DocumentClient: its middleware (retries, tracing, request counting
 * in the benches) and `aws-sdk-client-mock` see every call as the SDK command it is.
 */
export class SdkDocumentTable implements DocumentTable {
  constructor(readonly client: DynamoDBDocumentClient) {}

  readonly get: DocumentTable['get'] = (input) => this.client.send(new GetCommand(input));
  readonly put: DocumentTable['put'] = (input) => this.client.send(new PutCommand(input));
  readonly update: DocumentTable['update'] = (input) => this.client.send(new UpdateCommand(input));
  readonly delete: DocumentTable['delete'] = (input) => this.client.send(new DeleteCommand(input));
  readonly query: DocumentTable['query'] = (input) => this.client.send(new QueryCommand(input));
  readonly scan: DocumentTable['scan'] = (input) => this.client.send(new ScanCommand(input));
  readonly batchGet: DocumentTable['batchGet'] = (input) => this.client.send(new BatchGetCommand(input));
  readonly batchWrite: DocumentTable['batchWrite'] = (input) => this.client.send(new BatchWriteCommand(input));
  readonly transactWrite: DocumentTable['transactWrite'] = (input) => this.client.send(new TransactWriteCommand(input));
}
