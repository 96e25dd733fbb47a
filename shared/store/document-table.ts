import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/** An answer without the SDK's response metadata, which no store reads. */
export type TableAnswer<Output> = Omit<Output, '$metadata'>;

/**
 * The table's item operations with plain JavaScript values, the shapes of the SDK's DocumentClient
 * commands, as every store uses them. Two adapters serve it: the SDK's DocumentClient
 * (`SdkDocumentTable`: CLI, local tools, tests) and signed HTTP requests (`HttpDocumentTable`:
 * every function, whose bundle and cold start the SDK client would double).
 * Type imports only: a module that uses this port bundles no SDK code.
 */
export interface DocumentTable {
  get(input: GetCommandInput): Promise<TableAnswer<GetCommandOutput>>;
  put(input: PutCommandInput): Promise<TableAnswer<PutCommandOutput>>;
  update(input: UpdateCommandInput): Promise<TableAnswer<UpdateCommandOutput>>;
  delete(input: DeleteCommandInput): Promise<TableAnswer<DeleteCommandOutput>>;
  query(input: QueryCommandInput): Promise<TableAnswer<QueryCommandOutput>>;
  scan(input: ScanCommandInput): Promise<TableAnswer<ScanCommandOutput>>;
  batchGet(input: BatchGetCommandInput): Promise<TableAnswer<BatchGetCommandOutput>>;
  batchWrite(input: BatchWriteCommandInput): Promise<TableAnswer<BatchWriteCommandOutput>>;
  transactWrite(input: TransactWriteCommandInput): Promise<TableAnswer<TransactWriteCommandOutput>>;
}

/** One reason per item of a cancelled transaction, in the items' order, as DynamoDB gives it. */
export interface CancellationReason {
  Code?: string;
  Message?: string;
}

/**
 * Whether an error is DynamoDB refusing a write's condition. By name, as both adapters throw it:
 * the SDK's class and the HTTP adapter's error carry the service's error code as `name`.
 */
export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** The cancellation reasons of a cancelled transaction, or undefined when the error is another. */
export function transactionCancellationOf(error: unknown): { reasons: CancellationReason[] | undefined } | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return { reasons: (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons };
}
