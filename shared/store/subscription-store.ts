import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { RecordedError } from '../ingest/ingest-error.ts';
import { SubscriptionSchema, type HubLink, type PushState, type Subscription, type SubscriptionError } from './subscription.ts';
import {
  DUE_INDEX,
  DUE_SHARD_COUNT,
  SUBSCRIPTION_SK,
  TABLE_KEYS,
  dueShardOf,
  pendingUnsubscribeKey,
  subscriptionKey,
} from './table-design.ts';

/** A subscription found in the due index: enough to order the run and claim it. */
export interface DueSubscription {
  id: string;
  url: string;
  nextFetchAt: string;
}

/** A subscription this poll holds: nobody else polls it until the lease ends or is released. */
export interface ClaimedSubscription {
  subscription: Subscription;
  leaseId: string;
}

/** How a poll ended, as recorded on the subscription. */
export type PollRecord =
  | {
      kind: 'success';
      at: string;
      status: number;
      nextFetchAt: string;
      etag?: string;
      lastModified?: string;
      url?: string;
      title?: string;
      itemsWritten?: number;
      /** The hub the fetched document advertised; null when a 200 advertised none. Absent on a 304. */
      hub?: HubLink | null;
    }
  | { kind: 'failure'; at: string; error: RecordedError; nextFetchAt: string; consecutiveErrors: number; url?: string }
  | { kind: 'gone'; at: string; error: RecordedError; url?: string };

export class SubscriptionExistsError extends Error {
  override readonly name = 'SubscriptionExistsError';
  constructor(readonly subscriptionId: string) {
    super(`subscription ${subscriptionId} already exists`);
  }
}

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
 * Subscriptions in the posts table (`SUB#<id>` / `SUB`). Their state changes never reach the
 * stream handler: its filter passes only `sk = POST` items. "Due now" is a Query of the sparse
 * `due` index per shard; only the admin listing scans.
 */
export class SubscriptionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Adds a subscription, due at once; refuses to overwrite one with the same id. */
  async add(input: { id: string; url: string; title?: string; topics: Subscription['topics'] }, now: Date): Promise<Subscription> {
    const subscription = SubscriptionSchema.parse({
      ...input,
      enabled: true,
      createdAt: now.toISOString(),
      nextFetchAt: now.toISOString(),
      consecutiveErrors: 0,
    });
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...subscriptionKey(subscription.id), ...subscription, [DUE_INDEX.partitionKey]: dueShardOf(subscription.id) },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new SubscriptionExistsError(subscription.id);
      throw error;
    }
    return subscription;
  }

  async get(subscriptionId: string): Promise<Subscription | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: subscriptionKey(subscriptionId), ConsistentRead: true }),
    );
    return result.Item ? parseSubscription(result.Item, subscriptionId) : undefined;
  }

  /** Returns whether there was one to remove. Its posts stay: they are published content. */
  async remove(subscriptionId: string): Promise<boolean> {
    const result = await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: subscriptionKey(subscriptionId), ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  /** Every subscription, for `sub list`: an admin listing that scans, never on the poll path. */
  async listAll(): Promise<Subscription[]> {
    const subscriptions: Subscription[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#sk = :sk',
          ExpressionAttributeNames: { '#sk': TABLE_KEYS.sortKey },
          ExpressionAttributeValues: { ':sk': SUBSCRIPTION_SK },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) subscriptions.push(parseSubscription(item, String(item.id)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return subscriptions.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Enabled subscriptions due at `now`, oldest due first, at most `limit`: one Query per shard of
   * the sparse due index (disabled subscriptions are not in it), never a Scan.
   */
  async due(now: Date, limit: number): Promise<DueSubscription[]> {
    const shards = Array.from({ length: DUE_SHARD_COUNT }, (_, shard) => this.dueInShard(shard, now.toISOString(), limit));
    const all = (await Promise.all(shards)).flat();
    return all.sort((a, b) => a.nextFetchAt.localeCompare(b.nextFetchAt) || a.id.localeCompare(b.id)).slice(0, limit);
  }

  private async dueInShard(shard: number, now: string, limit: number): Promise<DueSubscription[]> {
    const found: DueSubscription[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX.name,
          KeyConditionExpression: '#shard = :shard AND #next <= :now',
          ExpressionAttributeNames: { '#shard': DUE_INDEX.partitionKey, '#next': DUE_INDEX.sortKey },
          ExpressionAttributeValues: { ':shard': shard, ':now': now },
          Limit: limit - found.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        found.push({ id: String(item.id), url: String(item.url), nextFetchAt: String(item[DUE_INDEX.sortKey]) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length < limit);
    return found;
  }

  /**
   * Takes a subscription for one poll: moves its `nextFetchAt` to the end of a lease and tags it
   * with a lease id, on the condition that nobody moved it since it was read. Another run (an
   * overlapping schedule, `sub poll`, a second worker) then neither sees it as due nor can claim
   * it. A poll that dies leaves it due again when the lease ends: nothing is lost, only delayed.
   * Returns undefined when someone else got there first.
   */
  async claim(subscriptionId: string, seenNextFetchAt: string, leaseUntil: Date): Promise<ClaimedSubscription | undefined> {
    const leaseId = randomUUID();
    try {
      const result = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: subscriptionKey(subscriptionId),
          UpdateExpression: 'SET #next = :lease, leaseId = :leaseId',
          ConditionExpression: 'attribute_exists(#pk) AND enabled = :true AND #next = :seen',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#next': DUE_INDEX.sortKey },
          ExpressionAttributeValues: { ':lease': leaseUntil.toISOString(), ':leaseId': leaseId, ':true': true, ':seen': seenNextFetchAt },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { subscription: parseSubscription(result.Attributes ?? {}, subscriptionId), leaseId };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Records how a poll ended and releases the lease, only if this poll still holds it (the
   * subscription was not removed or re-claimed meanwhile). Returns whether it was recorded.
   */
  async record(claim: ClaimedSubscription, outcome: PollRecord): Promise<boolean> {
    const update = updateFor(outcome);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: subscriptionKey(claim.subscription.id),
          UpdateExpression: update.expression,
          ConditionExpression: 'leaseId = :leaseId',
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: { ...update.values, ':leaseId': claim.leaseId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Enables a subscription again (after a 410, say) and makes it due now, with a clean record. */
  async enable(subscriptionId: string, now: Date): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: subscriptionKey(subscriptionId),
          UpdateExpression: 'SET enabled = :true, #next = :now, #shard = :shard, consecutiveErrors = :zero REMOVE disabledReason, leaseId',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#next': DUE_INDEX.sortKey, '#shard': DUE_INDEX.partitionKey },
          ExpressionAttributeValues: { ':true': true, ':now': now.toISOString(), ':shard': dueShardOf(subscriptionId), ':zero': 0 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Starts a WebSub attempt: the whole push record, written before the hub is asked, so its verification finds it. */
  async beginPushAttempt(subscriptionId: string, push: PushState): Promise<boolean> {
    return this.updatePush(subscriptionId, 'SET #push = :push', 'attribute_exists(#pk)', { ':push': push });
  }

  /** The hub could not be asked; only the attempt named by `token` is marked failed. */
  async pushAttemptFailed(subscriptionId: string, token: string, error: SubscriptionError): Promise<boolean> {
    return this.updatePush(subscriptionId, 'SET #push.#state = :failed, #push.lastError = :error', '#push.#token = :token AND #push.#state = :pending', {
      ':failed': 'failed',
      ':error': error,
      ':token': token,
      ':pending': 'pending',
    });
  }

  /**
   * The hub verified our intent (WebSub section 5.3): confirmed only for the pending attempt with
   * this token and topic, in one conditional write, so a late or forged verification changes nothing.
   */
  async confirmPush(subscriptionId: string, attempt: { token: string; topicUrl: string; at: string; leaseExpiresAt: string }): Promise<boolean> {
    return this.updatePush(
      subscriptionId,
      'SET #push.#state = :active, #push.verifiedAt = :at, #push.leaseExpiresAt = :lease REMOVE #push.lastError, #push.deniedReason',
      '#push.#token = :token AND #push.topicUrl = :topic AND #push.#state = :pending',
      { ':active': 'active', ':at': attempt.at, ':lease': attempt.leaseExpiresAt, ':token': attempt.token, ':topic': attempt.topicUrl, ':pending': 'pending' },
    );
  }

  /** The hub denied the subscription (WebSub section 5.2); polling takes over. */
  async denyPush(subscriptionId: string, attempt: { token: string; topicUrl: string; at: string; reason: string }): Promise<boolean> {
    return this.updatePush(
      subscriptionId,
      'SET #push.#state = :denied, #push.deniedReason = :reason, #push.lastError = :error REMOVE #push.leaseExpiresAt',
      '#push.#token = :token AND #push.topicUrl = :topic',
      {
        ':denied': 'denied',
        ':reason': attempt.reason,
        ':error': { kind: 'websub-denied', message: `hub denied the subscription: ${attempt.reason}`, at: attempt.at },
        ':token': attempt.token,
        ':topic': attempt.topicUrl,
      },
    );
  }

  /** Content arrived by push for the attempt named by `token`. */
  async pushReceived(subscriptionId: string, token: string, at: string): Promise<boolean> {
    return this.updatePush(subscriptionId, 'SET #push.lastPushAt = :at', '#push.#token = :token', { ':at': at, ':token': token });
  }

  /**
   * We are about to ask the hub to stop pushing to the callback with `token`: recorded first, as a
   * hub may verify before it answers, and the callback echoes an unsubscribe challenge only for
   * such a record. It is an item of its own, so it outlives the subscription `sub remove` deletes.
   */
  async unsubscribeRequested(subscriptionId: string, request: { token: string; topicUrl: string; at: string }): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...pendingUnsubscribeKey(subscriptionId, request.token), subscriptionId, topicUrl: request.topicUrl, requestedAt: request.at },
      }),
    );
  }

  /**
   * The hub verified an unsubscribe: true only if we asked for it and it was still pending. It is
   * settled in the same conditional write, so a replay finds nothing pending. An update, not a
   * delete: the callback function may not delete items.
   */
  async confirmUnsubscribe(subscriptionId: string, attempt: { token: string; topicUrl: string; at: string }): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: pendingUnsubscribeKey(subscriptionId, attempt.token),
          UpdateExpression: 'SET verifiedAt = :at',
          ConditionExpression: 'topicUrl = :topic AND attribute_not_exists(verifiedAt)',
          ExpressionAttributeValues: { ':topic': attempt.topicUrl, ':at': attempt.at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async updatePush(subscriptionId: string, expression: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    const names: Record<string, string> = { '#pk': TABLE_KEYS.partitionKey, '#push': 'push', '#state': 'state', '#token': 'token' };
    const used = Object.fromEntries(Object.entries(names).filter(([name]) => `${expression} ${condition}`.includes(name)));
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: subscriptionKey(subscriptionId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: used,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

interface UpdateParts {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function updateFor(outcome: PollRecord): UpdateParts {
  const set: Record<string, unknown> = { lastFetchAt: outcome.at };
  const remove = ['leaseId'];
  if (outcome.url !== undefined) set.url = outcome.url;
  if (outcome.kind === 'success') {
    Object.assign(set, { lastSuccessAt: outcome.at, lastStatus: outcome.status, consecutiveErrors: 0, [DUE_INDEX.sortKey]: outcome.nextFetchAt });
    if (outcome.etag !== undefined) set.etag = outcome.etag;
    if (outcome.lastModified !== undefined) set.lastModified = outcome.lastModified;
    if (outcome.title !== undefined) set.title = outcome.title;
    if (outcome.itemsWritten !== undefined) set.lastItemsWritten = outcome.itemsWritten;
    if (outcome.hub) set.hub = outcome.hub;
    if (outcome.hub === null) remove.push('hub');
  } else {
    Object.assign(set, { lastError: { ...outcome.error, at: outcome.at } });
    if (outcome.error.status !== undefined) set.lastStatus = outcome.error.status;
  }
  if (outcome.kind === 'failure') Object.assign(set, { consecutiveErrors: outcome.consecutiveErrors, [DUE_INDEX.sortKey]: outcome.nextFetchAt });
  if (outcome.kind === 'gone') {
    // Out of the sparse due index: a gone feed is never due again until enabled by hand.
    Object.assign(set, { enabled: false, disabledReason: outcome.error.message });
    remove.push(DUE_INDEX.partitionKey);
  }
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set).map(([attribute, value], index) => {
    names[`#s${index}`] = attribute;
    values[`:s${index}`] = value;
    return `#s${index} = :s${index}`;
  });
  const removals = remove.map((attribute, index) => {
    names[`#r${index}`] = attribute;
    return `#r${index}`;
  });
  return { expression: `SET ${assignments.join(', ')} REMOVE ${removals.join(', ')}`, names, values };
}

function parseSubscription(item: Record<string, unknown>, subscriptionId: string): Subscription {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.sortKey]: _sk, [DUE_INDEX.partitionKey]: _shard, ...fields } = item;
  const parsed = SubscriptionSchema.safeParse(fields);
  if (!parsed.success) throw new InvalidSubscriptionItemError(subscriptionId, parsed.error.message);
  return parsed.data;
}
