import type { EventLog } from '../log/event-log.ts';
import { COUNT_METRICS, NO_METRICS, type PipelineMetrics } from '../observability/pipeline-metrics.ts';
import type { FeedChange, FeedChangeListener } from '../feed/feed-change.ts';
import { DEFAULT_HUB_RETRY_POLICY, decideRetry, type HubRetryPolicy } from './hub-retry-policy.ts';
import { sendPublishPing, type PingFetch } from './publish-ping.ts';
import { sleepInRealTime, type Random, type Sleep } from '../time/time-sources.ts';

export interface HubNotifierOptions {
  hubUrls: readonly string[];
  log: EventLog;
  metrics?: PipelineMetrics;
  retry?: Partial<HubRetryPolicy>;
  userAgent?: string;
  /** Global `fetch` unless a test injects one. */
  fetch?: PingFetch;
  /** Real time unless a test injects a fake clock; `now` only reads Retry-After dates. */
  clock?: { now: () => number; sleep: Sleep };
  random?: Random;
}

export interface SettleReport {
  /** Pings given up because the deadline passed first. */
  abandoned: number;
}

/** One (hub, topic) ping from its first attempt until it is accepted or given up. */
interface PendingPing {
  hubUrl: string;
  topicUrl: string;
  feedId: string;
  attempt: number;
  inFlight: boolean;
  /** A newer change arrived while a request was on the wire: the hub may have read older bytes. */
  sendAgain: boolean;
  abandon: AbortController;
  done: Promise<void>;
}

const DEFAULT_USER_AGENT = 'Feedline/0.1 (WebSub publisher; +https://github.com/feedline/feedline)';

/**
 * Tells WebSub hubs that a feed changed, so subscribers get it pushed instead of polling. One
 * request per hub and topic: the PubSubHubbub form allows several `hub.url` in one request, but
 * not every hub reads more than the first, and one topic per request keeps each ping's retries
 * and failure accounting its own. Pings run in the background; `settle` bounds how long the
 * caller waits for them, since Lambda freezes the process once the handler returns.
 *
 * @example
 * const notifier = new HubNotifier({ hubUrls: site.hubUrls, log, metrics });
 * const publisher = new FeedPublisher({ ...options, listeners: [notifier] });
 * await notifier.settle(5_000);
 */
export class HubNotifier implements FeedChangeListener {
  private readonly pending = new Map<string, PendingPing>();
  private readonly policy: HubRetryPolicy;
  private readonly metrics: PipelineMetrics;
  private readonly fetch: PingFetch;
  private readonly clock: { now: () => number; sleep: Sleep };
  private readonly random: Random;

  constructor(private readonly options: HubNotifierOptions) {
    this.policy = { ...DEFAULT_HUB_RETRY_POLICY, ...options.retry };
    this.metrics = options.metrics ?? NO_METRICS;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.clock = options.clock ?? { now: Date.now, sleep: sleepInRealTime };
    this.random = options.random ?? Math.random;
  }

  /** Starts a ping per hub for every format written; returns at once. */
  feedChanged(change: FeedChange): void {
    for (const hubUrl of this.options.hubUrls) {
      for (const format of change.written) this.ping(hubUrl, change.document.links[format], change.feedId);
    }
  }

  /** Pings not yet accepted or given up. */
  get outstanding(): number {
    return this.pending.size;
  }

  /**
   * Waits up to `withinMs` for every outstanding ping; the ones still pending then are aborted,
   * logged and counted as failed, so nothing is left running when Lambda freezes the process.
   */
  async settle(withinMs: number): Promise<SettleReport> {
    if (this.pending.size === 0) return { abandoned: 0 };
    const stopDeadline = new AbortController();
    const deadline = this.clock.sleep(withinMs, stopDeadline.signal).then(() => 'deadline' as const);
    // A ping that sends again after success stays pending: loop until the map is empty.
    while (this.pending.size > 0) {
      const finished = Promise.all([...this.pending.values()].map((ping) => ping.done)).then(() => 'finished' as const);
      if ((await Promise.race([finished, deadline])) === 'deadline') break;
    }
    stopDeadline.abort();
    const abandoned = [...this.pending.values()];
    abandoned.forEach((ping) => this.abandon(ping, withinMs));
    await Promise.all(abandoned.map((ping) => ping.done));
    return { abandoned: abandoned.length };
  }

  private ping(hubUrl: string, topicUrl: string, feedId: string): void {
    const key = `${hubUrl}\n${topicUrl}`;
    const existing = this.pending.get(key);
    if (existing) {
      // Waiting to retry: that retry announces the newest bytes too. On the wire: send once more.
      if (existing.inFlight) existing.sendAgain = true;
      this.options.log.debug('websub ping coalesced with a pending one', { hub: hubUrl, topic: topicUrl, feedId });
      return;
    }
    const ping: PendingPing = { hubUrl, topicUrl, feedId, attempt: 0, inFlight: false, sendAgain: false, abandon: new AbortController(), done: Promise.resolve() };
    this.pending.set(key, ping);
    ping.done = this.deliver(ping)
      .catch((error: unknown) => this.options.log.error('websub ping failed unexpectedly', { ...this.fields(ping), error: String(error) }))
      .finally(() => this.pending.delete(key));
  }

  private async deliver(ping: PendingPing): Promise<void> {
    for (;;) {
      ping.attempt += 1;
      ping.inFlight = true;
      ping.sendAgain = false;
      const outcome = await sendPublishPing(ping, {
        fetch: this.fetch,
        sleep: this.clock.sleep,
        userAgent: this.options.userAgent ?? DEFAULT_USER_AGENT,
        timeoutMs: this.policy.attemptTimeoutMs,
        now: this.clock.now,
        signal: ping.abandon.signal,
      });
      ping.inFlight = false;
      if (ping.abandon.signal.aborted) return;
      if (outcome.accepted) {
        this.options.log.debug('websub ping accepted', { ...this.fields(ping), status: outcome.status });
        this.metrics.count(COUNT_METRICS.websubPingsSent);
        if (!ping.sendAgain) return;
        ping.attempt = 0;
        continue;
      }
      const decision = decideRetry(ping.attempt, outcome.failure, this.policy, this.random);
      const failed = { ...this.fields(ping), status: outcome.status, error: outcome.error };
      if (!decision.retry) {
        this.options.log.error('websub ping given up', { ...failed, reason: decision.reason });
        this.metrics.count(COUNT_METRICS.websubPingsFailed);
        return;
      }
      this.options.log.warn('websub ping attempt failed; retrying', { ...failed, retryInMs: decision.delayMs });
      await this.clock.sleep(decision.delayMs, ping.abandon.signal);
      if (ping.abandon.signal.aborted) return;
    }
  }

  private abandon(ping: PendingPing, withinMs: number): void {
    this.options.log.error('websub ping abandoned at the settle deadline', { ...this.fields(ping), settleMs: withinMs });
    this.metrics.count(COUNT_METRICS.websubPingsFailed);
    ping.abandon.abort();
  }

  private fields(ping: PendingPing): Record<string, unknown> {
    return { hub: ping.hubUrl, topic: ping.topicUrl, feedId: ping.feedId, attempt: ping.attempt };
  }
}
