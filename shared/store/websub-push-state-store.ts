import type { DocumentTable } from './document-table.ts';
import { succeedsUnlessConditionFails } from './conditional-write.ts';
import type { PushState, SubscriptionError } from './subscription.ts';
import { TABLE_KEYS, TIME_TO_LIVE_ATTRIBUTE, pendingUnsubscribeKey, subscriptionKey } from './table-design.ts';

/** Hubs verify within seconds or minutes; a week covers their retries, then the table's TTL deletes the record. */
const PENDING_UNSUBSCRIBE_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/**
 * Our WebSub subscription at a hub, as the `push` record on the subscription item, and the
 * unsubscribes we asked hubs for, as items of their own: each change is one conditional write on
 * the attempt's token, so a late, stale or forged hub request changes nothing. Returns false
 * whenever the condition does not hold.
 */
export class WebSubPushStateStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

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
   * such a record. It is an item of its own, so it outlives the subscription `sub remove` deletes,
   * and expires a week later, as no function may delete it.
   */
  async unsubscribeRequested(subscriptionId: string, request: { token: string; topicUrl: string; at: string }): Promise<void> {
    await this.documents.put({
      TableName: this.tableName,
      Item: {
        ...pendingUnsubscribeKey(subscriptionId, request.token),
        subscriptionId,
        topicUrl: request.topicUrl,
        requestedAt: request.at,
        [TIME_TO_LIVE_ATTRIBUTE]: Math.floor(Date.parse(request.at) / 1000) + PENDING_UNSUBSCRIBE_LIFETIME_SECONDS,
      },
    });
  }

  /**
   * The hub verified an unsubscribe: true only if we asked for it and it was still pending. It is
   * settled in the same conditional write, so a replay finds nothing pending. An update, not a
   * delete: the callback function may not delete items.
   */
  async confirmUnsubscribe(subscriptionId: string, attempt: { token: string; topicUrl: string; at: string }): Promise<boolean> {
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: pendingUnsubscribeKey(subscriptionId, attempt.token),
        UpdateExpression: 'SET verifiedAt = :at',
        ConditionExpression: 'topicUrl = :topic AND attribute_not_exists(verifiedAt)',
        ExpressionAttributeValues: { ':topic': attempt.topicUrl, ':at': attempt.at },
      }),
    );
  }

  private async updatePush(subscriptionId: string, expression: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    const names: Record<string, string> = { '#pk': TABLE_KEYS.partitionKey, '#push': 'push', '#state': 'state', '#token': 'token' };
    const used = Object.fromEntries(Object.entries(names).filter(([name]) => `${expression} ${condition}`.includes(name)));
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriptionKey(subscriptionId),
        UpdateExpression: expression,
        ConditionExpression: condition,
        ExpressionAttributeNames: used,
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }
}
