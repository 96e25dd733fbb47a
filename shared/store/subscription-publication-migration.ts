import type { DocumentTable } from './document-table.ts';
import { DEFAULT_PUBLICATION_ID } from '../publication/publication-keys.ts';
import { succeedsUnlessConditionFails } from './conditional-write.ts';
import { SUBSCRIPTIONS_BY_PUBLICATION_INDEX, SUBSCRIPTION_SK, TABLE_KEYS } from './table-design.ts';

export class InvalidMigrationCursorError extends Error {
  override readonly name = 'InvalidMigrationCursorError';
  constructor(readonly cursor: string) {
    super(`cursor ${cursor} is not one a migrate run printed`);
  }
}

/** One scanned page: what was found and done, and where the next page starts (none at the end). */
export interface MigrationPage {
  scanned: number;
  subscriptions: number;
  updated: number;
  alreadyMigrated: number;
  /** Removed or changed while the page ran: nothing to do for it. */
  skipped: number;
  cursor?: string;
}

/**
 * Brings subscriptions written before publications into the `subscriptionsByPublication` index:
 * each gets `publication` (`default` when it has none) and the index attribute. Idempotent (a
 * migrated item is left alone, the write is conditional) and resumable (each page reports the
 * cursor of the next). It scans the whole table once: a one-off upgrade step, never a hot path.
 */
export class SubscriptionPublicationMigration {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  async *run(cursor?: string): AsyncGenerator<MigrationPage> {
    let startKey = cursor === undefined ? undefined : decodeCursor(cursor);
    do {
      const page = await this.documents.scan({
        TableName: this.tableName,
        FilterExpression: '#sk = :sk',
        ProjectionExpression: '#pk, #sk, #publication, #indexed',
        ExpressionAttributeNames: {
          '#pk': TABLE_KEYS.partitionKey,
          '#sk': TABLE_KEYS.sortKey,
          '#publication': 'publication',
          '#indexed': SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey,
        },
        ExpressionAttributeValues: { ':sk': SUBSCRIPTION_SK },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      });
      const items = page.Items ?? [];
      const outcome = { updated: 0, alreadyMigrated: 0, skipped: 0 };
      for (const item of items) outcome[await this.migrate(item)] += 1;
      startKey = page.LastEvaluatedKey;
      yield { scanned: page.ScannedCount ?? 0, subscriptions: items.length, ...outcome, ...(startKey ? { cursor: encodeCursor(startKey) } : {}) };
    } while (startKey);
  }

  private async migrate(item: Record<string, unknown>): Promise<'updated' | 'alreadyMigrated' | 'skipped'> {
    if (typeof item[SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey] === 'string') return 'alreadyMigrated';
    const publication = typeof item.publication === 'string' ? item.publication : DEFAULT_PUBLICATION_ID;
    const updated = await succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: { [TABLE_KEYS.partitionKey]: item[TABLE_KEYS.partitionKey], [TABLE_KEYS.sortKey]: item[TABLE_KEYS.sortKey] },
        UpdateExpression: 'SET #publication = :publication, #indexed = :publication',
        ConditionExpression: 'attribute_exists(#pk) AND (attribute_not_exists(#publication) OR #publication = :publication)',
        ExpressionAttributeNames: {
          '#pk': TABLE_KEYS.partitionKey,
          '#publication': 'publication',
          '#indexed': SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey,
        },
        ExpressionAttributeValues: { ':publication': publication },
      }),
    );
    return updated ? 'updated' : 'skipped';
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key !== null && !Array.isArray(key) && typeof (key as Record<string, unknown>)[TABLE_KEYS.partitionKey] === 'string') {
      return key as Record<string, unknown>;
    }
  } catch {
    // Not JSON: reported below like any other cursor this command never printed.
  }
  throw new InvalidMigrationCursorError(cursor);
}
