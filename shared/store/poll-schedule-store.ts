import { randomUUID } from 'node:crypto';
import type { DocumentTable } from './document-table.ts';
import type { RecordedError } from '../ingest/ingest-error.ts';
import type { HubLink, Subscription } from './subscription.ts';
import { outputUnlessConditionFails, succeedsUnlessConditionFails } from './conditional-write.ts';
import { queryItems } from './paged-items.ts';
import { parseSubscriptionItem } from './subscription-item.ts';
import { DUE_INDEX, DUE_SHARD_COUNT, TABLE_KEYS, subscriptionKey } from './table-design.ts';

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

/**
 * The poller's side of a subscription: when it is due (the sparse `due` index), the lease a poll
 * holds on it, and how each poll ended. "Due now" is a Query of the index per shard, never a Scan.
 */
export class PollScheduleStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /**
   * Enabled subscriptions due at `now`, oldest due first, at most `limit`: one Query per shard of
   * the sparse due index (disabled subscriptions are not in it), never a Scan.
   */
  async due(now: Date, limit: number): Promise<DueSubscription[]> {
    const shards = Array.from({ length: DUE_SHARD_COUNT }, (_, shard) => this.dueInShard(shard, now.toISOString(), limit));
    const all = (await Promise.all(shards)).flat();
    return all.sort((a, b) => a.nextFetchAt.localeCompare(b.nextFetchAt) || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** The oldest `limit` due in one shard; leaving the loop stops the paginator, so no page past them is read. */
  private async dueInShard(shard: number, now: string, limit: number): Promise<DueSubscription[]> {
    const found: DueSubscription[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      IndexName: DUE_INDEX.name,
      KeyConditionExpression: '#shard = :shard AND #next <= :now',
      ExpressionAttributeNames: { '#shard': DUE_INDEX.partitionKey, '#next': DUE_INDEX.sortKey },
      ExpressionAttributeValues: { ':shard': shard, ':now': now },
      Limit: limit,
    });
    for await (const item of items) {
      found.push({ id: String(item.id), url: String(item.url), nextFetchAt: String(item[DUE_INDEX.sortKey]) });
      if (found.length === limit) break;
    }
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
    const claimed = await outputUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriptionKey(subscriptionId),
        UpdateExpression: 'SET #next = :lease, leaseId = :leaseId',
        ConditionExpression: 'attribute_exists(#pk) AND enabled = :true AND #next = :seen',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#next': DUE_INDEX.sortKey },
        ExpressionAttributeValues: { ':lease': leaseUntil.toISOString(), ':leaseId': leaseId, ':true': true, ':seen': seenNextFetchAt },
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (!claimed) return undefined;
    return { subscription: parseSubscriptionItem(claimed.Attributes ?? {}, subscriptionId), leaseId };
  }

  /**
   * Records how a poll ended and releases the lease, only if this poll still holds it (the
   * subscription was not removed or re-claimed meanwhile). Returns whether it was recorded.
   */
  async record(claim: ClaimedSubscription, outcome: PollRecord): Promise<boolean> {
    const update = pollRecordUpdate(outcome);
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: subscriptionKey(claim.subscription.id),
        UpdateExpression: update.expression,
        ConditionExpression: 'leaseId = :leaseId',
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: { ...update.values, ':leaseId': claim.leaseId },
      }),
    );
  }
}

interface UpdateParts {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** The update that records a poll's outcome and releases its lease, with placeholder names and values. */
function pollRecordUpdate(outcome: PollRecord): UpdateParts {
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
