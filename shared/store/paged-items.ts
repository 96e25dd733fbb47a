import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DocumentTable } from './document-table.ts';

type StartKey = Record<string, unknown> | undefined;
/** What a Query or a Scan page holds that paging reads. */
type Page = { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };

/** Every item a Query returns, page after page, following `LastEvaluatedKey` until there is none. */
export function queryItems(documents: DocumentTable, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  return pagedItems(input.ExclusiveStartKey, (startKey) => documents.query({ ...input, ExclusiveStartKey: startKey }));
}

/**
 * The first `count` items a Query returns. DynamoDB ends a page at 1 MB whatever its `Limit`, so
 * this reads on past a short page, each time asking only for the items still missing.
 */
export async function firstQueryItems(documents: DocumentTable, input: Omit<QueryCommandInput, 'Limit'>, count: number): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await documents.query({ ...input, ExclusiveStartKey: startKey, Limit: count - items.length });
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < count);
  return items;
}

/** How many items a Query matches, filter included: a counting Query, page after page, no item returned. */
export async function countQueryItems(documents: DocumentTable, input: Omit<QueryCommandInput, 'Select'>): Promise<number> {
  let count = 0;
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await documents.query({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey });
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
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
