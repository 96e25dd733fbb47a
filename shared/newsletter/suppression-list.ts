import type { DocumentTable } from '../store/document-table.ts';
import { batchGetAll } from '../store/batch-reader.ts';
import { suppressionKey } from './newsletter-keys.ts';

/** Why an address gets no more mail: a permanent bounce or a complaint reported by SES. */
export type SuppressionReason = 'bounce' | 'complaint';

export interface Suppression {
  lookupKey: string;
  reason: SuppressionReason;
  at: string;
}

/**
 * Addresses no newsletter may send to, across all publications: a mailbox that bounced or
 * complained does so whichever newsletter writes to it, and SES rates the account on both.
 * Keyed by lookup key only: the list needs no readable address.
 */
export class SuppressionList {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  async add(suppression: Suppression): Promise<void> {
    await this.documents.put({ TableName: this.tableName, Item: { ...suppressionKey(suppression.lookupKey), reason: suppression.reason, at: suppression.at } });
  }

  async get(lookupKey: string): Promise<Suppression | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: suppressionKey(lookupKey), ConsistentRead: true });
    return result.Item ? { lookupKey, reason: result.Item.reason as SuppressionReason, at: String(result.Item.at) } : undefined;
  }

  /** Which of these lookup keys are suppressed: one BatchGet per 100 recipients. */
  async suppressedAmong(lookupKeys: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(this.documents, this.tableName, lookupKeys.map(suppressionKey));
    return new Set(items.map((item) => String(item.pk).slice('SUPPRESSION#'.length)));
  }

  async remove(lookupKey: string): Promise<void> {
    await this.documents.delete({ TableName: this.tableName, Key: suppressionKey(lookupKey) });
  }
}
