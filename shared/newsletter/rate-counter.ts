import type { DocumentTable } from '../store/document-table.ts';
import { TIME_TO_LIVE_ATTRIBUTE } from '../store/table-design.ts';
import { rateCounterKey } from './newsletter-keys.ts';

export interface RateLimit {
  /** `address`, `client`: one counter family each. */
  scope: string;
  maxPerWindow: number;
  windowMs: number;
}

/**
 * Fixed-window counters in DynamoDB, one item per key and window, deleted by the table's TTL:
 * every Lambda instance sees the same count, which an in-memory limiter could not give.
 */
export class RateCounter {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /** Counts one attempt; true while the window's count is within the limit. */
  async allow(limit: RateLimit, hashedKey: string, now: Date): Promise<boolean> {
    const windowStart = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
    const result = await this.documents.update({
      TableName: this.tableName,
      Key: rateCounterKey(limit.scope, hashedKey, new Date(windowStart).toISOString()),
      UpdateExpression: 'ADD attempts :one SET #ttl = if_not_exists(#ttl, :expires)',
      ExpressionAttributeNames: { '#ttl': TIME_TO_LIVE_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':expires': Math.ceil((windowStart + 2 * limit.windowMs) / 1000) },
      ReturnValues: 'UPDATED_NEW',
    });
    return Number(result.Attributes?.attempts ?? 0) <= limit.maxPerWindow;
  }
}
