import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of the table, page by page, strongly consistent. Only recovery uses it (`feedline
 * rebuild --all`, and `dlq replay` once records have left the stream): an explicit operation
 * whose cost, one read of the table, is the price of not trusting anything derived.
 */
export async function* scanTable(documents: DynamoDBDocumentClient, tableName: string): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
