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
  type BatchGetCommandInput,
  type BatchWriteCommandInput,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type ScanCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from '../store/document-table.ts';

/**
 * The table through the SDK's DocumentClient: its middleware (retries, tracing, request counting
 * in the benches) and `aws-sdk-client-mock` see every call as the SDK command it is.
 */
export class SdkDocumentTable implements DocumentTable {
  constructor(readonly client: DynamoDBDocumentClient) {}

  get(input: GetCommandInput) {
    return this.client.send(new GetCommand(input));
  }

  put(input: PutCommandInput) {
    return this.client.send(new PutCommand(input));
  }

  update(input: UpdateCommandInput) {
    return this.client.send(new UpdateCommand(input));
  }

  delete(input: DeleteCommandInput) {
    return this.client.send(new DeleteCommand(input));
  }

  query(input: QueryCommandInput) {
    return this.client.send(new QueryCommand(input));
  }

  scan(input: ScanCommandInput) {
    return this.client.send(new ScanCommand(input));
  }

  batchGet(input: BatchGetCommandInput) {
    return this.client.send(new BatchGetCommand(input));
  }

  batchWrite(input: BatchWriteCommandInput) {
    return this.client.send(new BatchWriteCommand(input));
  }

  transactWrite(input: TransactWriteCommandInput) {
    return this.client.send(new TransactWriteCommand(input));
  }
}
