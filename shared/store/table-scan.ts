import type { DocumentTable } from './document-table.ts';
import { scanItems } from './paged-items.ts';

/**
 * Every item of the table, page by page, strongly consistent. Only recovery uses it (`feedline
 * rebuild --all`, and `dlq replay` once records have left the stream): an explicit operation
 * whose cost, one read of the table, is the price of not trusting anything derived.
 */
export function scanTable(documents: DocumentTable, tableName: string): AsyncGenerator<Record<string, unknown>> {
  return scanItems(documents, { TableName: tableName, ConsistentRead: true });
}
