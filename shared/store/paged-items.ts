import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from './document-table.ts';

type StartKey = Record<string, unknown> | undefined;
/** What a Query or a Scan page holds that paging reads. */
type Page = { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };

/** Every item a Query returns, page after page, following `LastEvaluatedKey` until there is none. */
export function queryItems(documents: DocumentTable, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  return pagedItems(input.ExclusiveStartKey, (startKey) => documents.query({ ...input, ExclusiveStartKey: startKey }));
}

/** Every item a Scan returns, page after page, following `LastEvaluatedKey` until there is none. */
export function scanItems(documents: DocumentTable, input: ScanCommandInput): AsyncGenerator<Record<string, unknown>> {
  return pagedItems(input.ExclusiveStartKey, (startKey) => documents.scan({ ...input, ExclusiveStartKey: startKey }));
}

async function* pagedItems(firstStartKey: StartKey, readPage: (startKey: StartKey) => Promise<Page>): AsyncGenerator<Record<string, unknown>> {
  let startKey = firstStartKey;
  do {
    const page = await readPage(startKey);
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}
