import type { DocumentTable } from './document-table.ts';
import { succeedsUnlessConditionFails } from './conditional-write.ts';
import { queryItems, scanItems } from './paged-items.ts';
import type { PublicationId } from '../publication/publication-keys.ts';
import { SubscriptionSchema, type Subscription } from './subscription.ts';
import { parseSubscriptionItem } from './subscription-item.ts';
import { DUE_INDEX, SUBSCRIPTIONS_BY_PUBLICATION_INDEX, SUBSCRIPTION_SK, TABLE_KEYS, dueShardOf, subscriptionKey } from './table-design.ts';

export class SubscriptionExistsError extends Error {
  override readonly name = 'SubscriptionExistsError';
  constructor(readonly subscriptionId: string) {
    super(`subscription ${subscriptionId} already exists`);
  }
}

/**
 * The subscriptions an operator manages (`feedline sub`, `npm start`): add, read, list, remove,
 * enable again. They live in the posts table (`SUB#<id>` / `SUB`); their changes never reach the
 * stream handler, whose filter passes only `sk = POST` items. The poller's lease and schedule are
 * `PollScheduleStore`'s, the WebSub push state `WebSubPushStateStore`'s.
 */
export class SubscriptionRegistry {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /**
   * Adds a subscription, due at once, to a publication (the default one unless named); refuses
   * to overwrite one with the same id, whatever its publication, as ids name source feeds' folders.
   */
  async add(
    input: { id: string; url: string; title?: string; topics: Subscription['topics']; publication?: PublicationId },
    now: Date,
  ): Promise<Subscription> {
    const subscription = SubscriptionSchema.parse({
      ...input,
      enabled: true,
      createdAt: now.toISOString(),
      nextFetchAt: now.toISOString(),
      consecutiveErrors: 0,
    });
    const added = await succeedsUnlessConditionFails(
      this.documents.put({
        TableName: this.tableName,
        Item: {
          ...subscriptionKey(subscription.id),
          ...subscription,
          [DUE_INDEX.partitionKey]: dueShardOf(subscription.id),
          [SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey]: subscription.publication,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
      }),
    );
    if (!added) throw new SubscriptionExistsError(subscription.id);
    return subscription;
  }

  async get(subscriptionId: string): Promise<Subscription | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: subscriptionKey(subscriptionId), ConsistentRead: true });
    return result.Item ? parseSubscriptionItem(result.Item, subscriptionId) : undefined;
  }

  /** Returns whether there was one to remove. Its posts stay: they are published content. */
  async remove(subscriptionId: string): Promise<boolean> {
    const result = await this.documents.delete({ TableName: this.tableName, Key: subscriptionKey(subscriptionId), ReturnValues: 'ALL_OLD' });
    return result.Attributes !== undefined;
  }

  /**
   * A publication's subscriptions by id, for `sub list` and `pub remove`: one Query of the
   * `subscriptionsByPublication` index, page by page, whatever the table holds. An index read is
   * eventually consistent: a subscription added a moment ago may be missing.
   */
  async listByPublication(publicationId: PublicationId, limit?: number): Promise<Subscription[]> {
    const subscriptions: Subscription[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      IndexName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.name,
      KeyConditionExpression: '#publication = :publication',
      ExpressionAttributeNames: { '#publication': SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey },
      ExpressionAttributeValues: { ':publication': publicationId },
      ...(limit === undefined ? {} : { Limit: limit }),
    });
    for await (const item of items) {
      subscriptions.push(parseSubscriptionItem(item, String(item.id)));
      if (subscriptions.length === limit) break;
    }
    return subscriptions;
  }

  /** Every subscription of every publication: an admin listing that scans, never on the poll path. */
  async listAll(): Promise<Subscription[]> {
    const subscriptions: Subscription[] = [];
    const items = scanItems(this.documents, {
      TableName: this.tableName,
      FilterExpression: '#sk = :sk',
      ExpressionAttributeNames: { '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: { ':sk': SUBSCRIPTION_SK },
      ConsistentRead: true,
    });
    for await (const item of items) subscriptions.push(parseSubscriptionItem(item, String(item.id)));
    return subscriptions.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Enables a subscription again (after a 410, say) and makes it due now, with a clean record. */
  async enable(subscriptionId: string, now: Date): Promise<boolean> {
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriptionKey(subscriptionId),
        UpdateExpression: 'SET enabled = :true, #next = :now, #shard = :shard, consecutiveErrors = :zero REMOVE disabledReason, leaseId',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#next': DUE_INDEX.sortKey, '#shard': DUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':true': true, ':now': now.toISOString(), ':shard': dueShardOf(subscriptionId), ':zero': 0 },
      }),
    );
  }
}
