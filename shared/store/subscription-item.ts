import { SubscriptionSchema, type Subscription } from './subscription.ts';
import { DUE_INDEX, SUBSCRIPTIONS_BY_PUBLICATION_INDEX, TABLE_KEYS } from './table-design.ts';

export class InvalidSubscriptionItemError extends Error {
  override readonly name = 'InvalidSubscriptionItemError';
  constructor(
    readonly subscriptionId: string,
    detail: string,
  ) {
    super(`subscription item ${subscriptionId} is invalid: ${detail}`);
  }
}

/**
 * The subscription a `SUB#<id>` / `SUB` item holds, without the table's and indexes' keys, read
 * back through its schema: the table is a boundary too.
 *
 * @throws InvalidSubscriptionItemError when the item does not match the schema.
 */
export function parseSubscriptionItem(item: Record<string, unknown>, subscriptionId: string): Subscription {
  const {
    [TABLE_KEYS.partitionKey]: _pk,
    [TABLE_KEYS.sortKey]: _sk,
    [DUE_INDEX.partitionKey]: _shard,
    [SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey]: _publicationKey,
    ...fields
  } = item;
  const parsed = SubscriptionSchema.safeParse(fields);
  if (!parsed.success) throw new InvalidSubscriptionItemError(subscriptionId, parsed.error.message);
  return parsed.data;
}
