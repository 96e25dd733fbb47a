import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from './document-table.ts';

/** Every item a Query returns, page after page, following `LastEvaluatedKey` until there is none. */
export async function* queryItems(documents: DocumentTable, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await documents.query({ ...input, ExclusiveStartKey: startKey });
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

/** Every item a Scan returns, page after page, following `LastEvaluatedKey` until there is none. */
export async function* scanItems(documents: DocumentTable, input: ScanCommandInput): AsyncGenerator<Record<string, unknown>> {
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await documents.scan({ ...input, ExclusiveStartKey: startKey });
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}
