import { paginateQuery, paginateScan, type DynamoDBDocumentClient, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every item a Query returns, page after page: the SDK's paginator follows `LastEvaluatedKey`. */
export async function* queryItems(documents: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  for await (const page of paginateQuery({ client: documents }, input)) yield* page.Items ?? [];
}

/** Every item a Scan returns, page after page: the SDK's paginator follows `LastEvaluatedKey`. */
export async function* scanItems(documents: DynamoDBDocumentClient, input: ScanCommandInput): AsyncGenerator<Record<string, unknown>> {
  for await (const page of paginateScan({ client: documents }, input)) yield* page.Items ?? [];
}
