import type { DocumentTable } from '../store/document-table.ts';
import { batchGetAll } from '../store/batch-reader.ts';
import { succeedsUnlessConditionFails } from '../store/conditional-write.ts';
import { queryItems } from '../store/paged-items.ts';
import type { NewsletterRef } from './newsletter-definition.ts';
import { subscriberKey, subscriberPartition } from './newsletter-keys.ts';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

/** A subscriber as stored: the address only encrypted (see `AddressProtection`). */
export interface SubscriberRecord {
  lookupKey: string;
  status: SubscriberStatus;
  /** Absent once unsubscribed: an address is kept only while mail may go to it. */
  encryptedAddress?: string;
  createdAt: string;
  confirmationSentAt?: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
}

/** Double opt-in sends at most one confirmation per address and newsletter in this window. */
export const CONFIRMATION_INTERVAL_MS = 60 * 60 * 1000;

/** One item per (newsletter, address) in the newsletter's partition, keyed by the lookup key. */
export class SubscriberStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /**
   * Records a subscribe request and says whether a confirmation goes out: yes for a new address,
   * or a pending or unsubscribed one whose last confirmation is over an hour old; no for a
   * confirmed subscriber or a recent request. One conditional update, so concurrent requests for
   * one address send one confirmation.
   */
  async requestConfirmation(ref: NewsletterRef, lookupKey: string, encryptedAddress: string, now: Date): Promise<boolean> {
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriberKey(ref, lookupKey),
        UpdateExpression: 'SET #status = :pending, address = :address, confirmationSentAt = :now, createdAt = if_not_exists(createdAt, :now)',
        ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :confirmed AND (attribute_not_exists(confirmationSentAt) OR confirmationSentAt < :windowStart))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':confirmed': 'confirmed',
          ':address': encryptedAddress,
          ':now': now.toISOString(),
          ':windowStart': new Date(now.getTime() - CONFIRMATION_INTERVAL_MS).toISOString(),
        },
      }),
    );
  }

  /** Pending → confirmed; false when there is no pending subscriber (already confirmed, unsubscribed or erased). */
  async confirm(ref: NewsletterRef, lookupKey: string, now: Date): Promise<boolean> {
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriberKey(ref, lookupKey),
        UpdateExpression: 'SET #status = :confirmed, confirmedAt = :now',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':pending': 'pending', ':now': now.toISOString() },
      }),
    );
  }

  /** Marks the subscriber unsubscribed and drops the address; false when there is no such subscriber. */
  async unsubscribe(ref: NewsletterRef, lookupKey: string, now: Date): Promise<boolean> {
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriberKey(ref, lookupKey),
        UpdateExpression: 'SET #status = :unsubscribed, unsubscribedAt = :now REMOVE address',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed', ':now': now.toISOString() },
      }),
    );
  }

  async get(ref: NewsletterRef, lookupKey: string): Promise<SubscriberRecord | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: subscriberKey(ref, lookupKey), ConsistentRead: true });
    return result.Item ? subscriberOf(result.Item) : undefined;
  }

  /** The current records of these subscribers (absent when erased), read just before a send. */
  async getMany(ref: NewsletterRef, lookupKeys: readonly string[]): Promise<Map<string, SubscriberRecord>> {
    const items = await batchGetAll(this.documents, this.tableName, lookupKeys.map((lookupKey) => subscriberKey(ref, lookupKey)));
    return new Map(items.map((item) => [String(item.sk), subscriberOf(item)]));
  }

  /** Lookup keys of every confirmed subscriber, page by page. */
  async *confirmedLookupKeys(ref: NewsletterRef): AsyncGenerator<string> {
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#status = :confirmed',
      ProjectionExpression: 'sk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': subscriberPartition(ref), ':confirmed': 'confirmed' },
    });
    for await (const item of items) yield String(item.sk);
  }

  /** How many subscribers are in each state: what `newsletter subscribers` shows instead of addresses. */
  async counts(ref: NewsletterRef): Promise<Record<SubscriberStatus, number>> {
    const counts: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, unsubscribed: 0 };
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': subscriberPartition(ref) },
    });
    for await (const item of items) counts[item.status as SubscriberStatus] += 1;
    return counts;
  }

  async erase(ref: NewsletterRef, lookupKey: string): Promise<void> {
    await this.documents.delete({ TableName: this.tableName, Key: subscriberKey(ref, lookupKey) });
  }
}

function subscriberOf(item: Record<string, unknown>): SubscriberRecord {
  const optional = (name: string) => (typeof item[name] === 'string' ? item[name] : undefined);
  const record: SubscriberRecord = { lookupKey: String(item.sk), status: item.status as SubscriberStatus, createdAt: String(item.createdAt) };
  const address = optional('address');
  if (address !== undefined) record.encryptedAddress = address;
  for (const field of ['confirmationSentAt', 'confirmedAt', 'unsubscribedAt'] as const) {
    const value = optional(field);
    if (value !== undefined) record[field] = value;
  }
  return record;
}
