import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import type { EventLog } from '../log/event-log.ts';
import type { DueSubscription, PollScheduleStore } from '../store/poll-schedule-store.ts';
import type { SubscriptionRegistry } from '../store/subscription-registry.ts';
import type { Subscription } from '../store/subscription.ts';
import { interleaveByHost } from './schedule/interleave-by-host.ts';
import { pollSubscription, type SubscriptionPollDependencies, type SubscriptionPollResult } from './poll-subscription.ts';
import type { HubSubscriber } from './websub/hub-subscriber.ts';
import { describeError } from '../errors/error-description.ts';
import { type Clock } from '../time/time-sources.ts';

export interface PollRunSettings {
  /** Subscriptions polled at once. */
  concurrency: number;
  /** Due subscriptions taken per run; the rest stay due for the next run. */
  maxSubscriptionsPerRun: number;
  /** How long a claim holds a subscription; longer than any one poll can take. */
  leaseMs: number;
}

export interface PollRunOptions {
  /** Epoch ms after which no new subscription is started (Lambda's remaining time). */
  deadline?: number;
}

export interface PollRunSummary {
  due: number;
  polled: number;
  notModified: number;
  changed: number;
  unchanged: number;
  failed: number;
  gone: number;
  /** Claimed by another run first. */
  contended: number;
  /** Left due because the run's time was up. */
  deferred: number;
  itemsCreated: number;
  itemsUpdated: number;
  itemsRejected: number;
  /** WebSub subscribe or renewal requests sent to hubs. */
  hubRequests: number;
  durationMs: number;
}

/** How each subscription of a batch ended: what a queue worker acknowledges or hands back. */
export type PollEntryOutcome =
  | 'polled'
  /** Claimed by another run first, or already polled since it was found due: nothing to do. */
  | 'contended'
  /** Not started before the deadline; still due. */
  | 'deferred'
  /** The table failed (claim or record); the subscription stays due or comes back after its lease. */
  | 'unrecorded';

export interface PollBatchResult {
  summary: PollRunSummary;
  /** One per entry polled, the very entry objects passed in (a batch may hold one subscription twice). */
  outcomes: { entry: DueSubscription; outcome: PollEntryOutcome }[];
}

export interface FeedPollerDependencies extends SubscriptionPollDependencies {
  subscriptions: Pick<SubscriptionRegistry, 'get'>;
  pollSchedule: PollScheduleStore;
  run: PollRunSettings;
  /** WebSub on: subscribes to advertised hubs and keeps the leases. Absent, the poller only polls. */
  hubs?: HubSubscriber;
}

export class SubscriptionNotFoundError extends Error {
  override readonly name = 'SubscriptionNotFoundError';
  constructor(readonly subscriptionId: string) {
    super(`no subscription ${subscriptionId}`);
  }
}

/**
 * One scheduled run: find the due subscriptions through the due index, then claim and poll each
 * with bounded concurrency, a per-host limit (inside the fetcher) and per-subscription isolation.
 *
 * The split between finding (`due`) and polling one claimed subscription (`pollClaimed`) is the
 * fan-out seam: the scheduler sends what it found due to a queue (`shared/ingest/fan-out/`) and
 * each worker calls `pollDue` with the entries it received.
 */
export class FeedPoller {
  private readonly log: EventLog;
  private readonly clock: Clock;

  constructor(private readonly dependencies: FeedPollerDependencies) {
    this.log = dependencies.log;
    this.clock = dependencies.clock ?? (() => new Date());
  }

  /** Polls what is due now. A run cut short by its deadline leaves the rest due for the next. */
  async runDue(options: PollRunOptions = {}): Promise<PollRunSummary> {
    const due = await this.dependencies.pollSchedule.due(this.clock(), this.dependencies.run.maxSubscriptionsPerRun);
    return (await this.pollAll(interleaveByHost(due), options)).summary;
  }

  /**
   * Polls subscriptions found due elsewhere (a queue worker), each claimed on the `nextFetchAt` it
   * was found with. A duplicate or late message, or one overtaken by another run, finds that
   * value moved and polls nothing: a subscription is polled once per time it falls due.
   */
  async pollDue(entries: DueSubscription[], options: PollRunOptions = {}): Promise<PollBatchResult> {
    return this.pollAll(interleaveByHost(entries), options);
  }

  /** Polls the given subscriptions now, due or not (`feedline sub poll`). */
  async pollNow(subscriptionIds: string[], options: PollRunOptions = {}): Promise<PollRunSummary> {
    const entries: DueSubscription[] = [];
    for (const id of subscriptionIds) {
      const subscription = await this.dependencies.subscriptions.get(id);
      if (!subscription) throw new SubscriptionNotFoundError(id);
      entries.push({ id, url: subscription.url, nextFetchAt: subscription.nextFetchAt });
    }
    return (await this.pollAll(entries, options)).summary;
  }

  private async pollAll(entries: DueSubscription[], options: PollRunOptions): Promise<PollBatchResult> {
    const started = Date.now();
    const summary = emptySummary(entries.length);
    const settled = await mapWithConcurrency(entries, this.dependencies.run.concurrency, async (entry): Promise<PollEntryOutcome> => {
      if (options.deadline !== undefined && Date.now() >= options.deadline) {
        summary.deferred += 1;
        return 'deferred';
      }
      const polled = await this.pollClaimed(entry);
      if (!polled) {
        summary.contended += 1;
        return 'contended';
      }
      addToSummary(summary, polled.result);
      if (polled.hubRequested) summary.hubRequests += 1;
      return 'polled';
    });
    const outcomes = entries.map((entry, index) => {
      const result = settled[index];
      if (result?.status === 'fulfilled') return { entry, outcome: result.value };
      // Only the table itself failing lands here (claim or record); the subscription stays due.
      summary.failed += 1;
      this.log.error('subscription poll could not be recorded', { subscriptionId: entry.id, error: describeError(result?.reason) });
      return { entry, outcome: 'unrecorded' as const };
    });
    summary.durationMs = Date.now() - started;
    // Most scheduled runs find nothing due; only runs that did something are worth a line.
    if (summary.due > 0) this.log.info('poll run done', { ...summary });
    else this.log.debug('poll run done', { ...summary });
    return { summary, outcomes };
  }

  private async pollClaimed(entry: DueSubscription): Promise<{ result: SubscriptionPollResult; hubRequested: boolean } | undefined> {
    const leaseUntil = new Date(this.clock().getTime() + this.dependencies.run.leaseMs);
    const claim = await this.dependencies.pollSchedule.claim(entry.id, entry.nextFetchAt, leaseUntil);
    if (!claim) return undefined;
    const started = Date.now();
    const result = await pollSubscription(claim.subscription, this.dependencies);
    const recorded = await this.dependencies.pollSchedule.record(claim, result.record);
    this.logResult(claim.subscription.id, result, Date.now() - started, recorded);
    const hubRequested = recorded ? await this.maintainPush(claim.subscription, result) : false;
    return { result, hubRequested };
  }

  /** WebSub after the poll is recorded, with the hub the poll just saw; a gone feed unsubscribes. */
  private async maintainPush(before: Subscription, result: SubscriptionPollResult): Promise<boolean> {
    const hubs = this.dependencies.hubs;
    if (!hubs) return false;
    if (result.record.kind === 'gone') {
      await hubs.unsubscribe(before);
      return false;
    }
    const seenHub = result.record.kind === 'success' ? result.record.hub : undefined;
    const hub = seenHub === undefined ? before.hub : (seenHub ?? undefined);
    return (await hubs.maintain({ ...before, hub })) !== undefined;
  }

  private logResult(subscriptionId: string, result: SubscriptionPollResult, durationMs: number, recorded: boolean): void {
    const record = result.record;
    const attributes = { subscriptionId, outcome: result.outcome, durationMs, items: result.items, recorded };
    if (record.kind === 'success') {
      this.log.info('subscription polled', { ...attributes, status: record.status, nextFetchAt: record.nextFetchAt, ...(record.url ? { movedTo: record.url } : {}) });
    } else if (record.kind === 'gone') {
      this.log.warn('subscription gone (410); disabled', { ...attributes, error: record.error });
    } else {
      this.log.warn('subscription poll failed', { ...attributes, error: record.error, consecutiveErrors: record.consecutiveErrors, nextFetchAt: record.nextFetchAt });
    }
    if (!recorded) this.log.warn('subscription changed during the poll (removed or re-claimed); outcome not recorded', { subscriptionId });
  }
}

function emptySummary(due: number): PollRunSummary {
  return {
    due,
    polled: 0,
    notModified: 0,
    changed: 0,
    unchanged: 0,
    failed: 0,
    gone: 0,
    contended: 0,
    deferred: 0,
    itemsCreated: 0,
    itemsUpdated: 0,
    itemsRejected: 0,
    hubRequests: 0,
    durationMs: 0,
  };
}

function addToSummary(summary: PollRunSummary, result: SubscriptionPollResult): void {
  summary.polled += 1;
  const key = ({ 'not-modified': 'notModified', changed: 'changed', unchanged: 'unchanged', failed: 'failed', gone: 'gone' } as const)[result.outcome];
  summary[key] += 1;
  summary.itemsCreated += result.items.created;
  summary.itemsUpdated += result.items.updated;
  summary.itemsRejected += result.items.rejected;
}
