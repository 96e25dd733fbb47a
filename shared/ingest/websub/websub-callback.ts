import type { EventLog } from '../../log/event-log.ts';
import type { Subscription } from '../../store/subscription.ts';
import type { SubscriptionRegistry } from '../../store/subscription-registry.ts';
import type { WebSubPushStateStore } from '../../store/websub-push-state-store.ts';
import { recordedErrorOf } from '../ingest-error.ts';
import { ingestDocument, type DocumentIngestDependencies } from '../poll-subscription.ts';
import { verifyHubSignature } from './hub-signature.ts';
import { type Clock } from '../../time/time-sources.ts';

/** A hub's request to our callback, as either adapter (Lambda function URL, local server) parsed it. */
export interface CallbackRequest {
  method: string;
  /** From the path `/websub/<id>`; undefined when the path named none we could read. */
  subscriptionId: string | undefined;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface CallbackResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Outcomes worth counting; the Lambda adapter turns them into metrics. */
export type CallbackOutcome = 'verified' | 'refused' | 'denied' | 'pushed' | 'push-rejected' | 'push-failed';

export interface WebSubCallbackDependencies extends DocumentIngestDependencies {
  subscriptions: Pick<SubscriptionRegistry, 'get'>;
  pushStates: Pick<WebSubPushStateStore, 'confirmPush' | 'denyPush' | 'pushReceived' | 'confirmUnsubscribe'>;
  /** Pushed bodies larger than this are refused (the poller's own body limit). */
  maxBodyBytes: number;
  log: EventLog;
  clock?: Clock;
  onOutcome?: (outcome: CallbackOutcome) => void;
}

const MAX_LEASE_SECONDS = 366 * 24 * 60 * 60;

/** A challenge is text the caller chose: without nosniff a browser could run it as HTML. */
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

/**
 * The subscriber's callback (W3C WebSub sections 5.3 and 7): GET verifies our intent to
 * (un)subscribe, POST delivers content. One core for the Lambda function URL and `npm start`.
 *
 * - Verification is confirmed only for the pending attempt whose token is in the callback URL
 *   and whose topic matches (for an unsubscribe: only one we asked for); the challenge is echoed
 *   verbatim, as text browsers must not sniff. Anything else is 404.
 * - Content is ingested only with a valid `X-Hub-Signature`; a bad one is acknowledged with 2xx
 *   and ignored (section 8: the hub must not learn whether the signature was checked).
 *
 * @example
 * const response = await callback.handle({ method: 'GET', subscriptionId: 'wire', query, headers: {}, body: Buffer.alloc(0) });
 */
export class WebSubCallback {
  private readonly clock: Clock;

  constructor(private readonly dependencies: WebSubCallbackDependencies) {
    this.clock = dependencies.clock ?? (() => new Date());
  }

  async handle(request: CallbackRequest): Promise<CallbackResponse> {
    if (request.method === 'GET') return this.verify(request);
    if (request.method === 'POST') return this.receive(request);
    return { status: 405, headers: { ...TEXT_HEADERS, allow: 'GET, POST' }, body: 'Method Not Allowed\n' };
  }

  private async verify(request: CallbackRequest): Promise<CallbackResponse> {
    const mode = request.query.get('hub.mode');
    const topic = request.query.get('hub.topic') ?? '';
    const token = request.query.get('token') ?? '';
    const subscription = request.subscriptionId === undefined ? undefined : await this.dependencies.subscriptions.get(request.subscriptionId);
    const context = { subscriptionId: request.subscriptionId, mode, topic };
    if (mode === 'denied') {
      const reason = request.query.get('hub.reason') ?? 'no reason given';
      const at = this.clock().toISOString();
      if (subscription && (await this.dependencies.pushStates.denyPush(subscription.id, { token, topicUrl: topic, at, reason }))) {
        this.dependencies.log.warn('websub subscription denied by the hub; polling continues', { ...context, reason });
        return this.answer('denied', 200, 'denial recorded\n');
      }
      return this.refuse(context, 'no such subscription attempt');
    }
    const challenge = request.query.get('hub.challenge');
    if (challenge === null || challenge === '') return this.refuse(context, 'no hub.challenge');
    if (mode === 'subscribe') return this.confirmSubscribe(subscription, request.query, { token, topic, challenge }, context);
    if (mode === 'unsubscribe') return this.confirmUnsubscribe(request.subscriptionId, subscription, { token, topic, challenge }, context);
    return this.refuse(context, `unknown hub.mode ${mode ?? '(none)'}`);
  }

  private async confirmUnsubscribe(
    subscriptionId: string | undefined,
    subscription: Subscription | undefined,
    attempt: { token: string; topic: string; challenge: string },
    context: Record<string, unknown>,
  ): Promise<CallbackResponse> {
    if (subscriptionId === undefined) return this.refuse(context, 'no such subscription');
    if (relyingOn(subscription, attempt.token)) return this.refuse(context, 'unsubscribe of a subscription in use');
    if (!(await this.dependencies.pushStates.confirmUnsubscribe(subscriptionId, { token: attempt.token, topicUrl: attempt.topic, at: this.clock().toISOString() }))) {
      return this.refuse(context, 'we asked for no unsubscribe of this topic and attempt');
    }
    this.dependencies.log.info('websub unsubscribe verified', context);
    return this.answer('verified', 200, attempt.challenge);
  }

  private async confirmSubscribe(
    subscription: Subscription | undefined,
    query: URLSearchParams,
    attempt: { token: string; topic: string; challenge: string },
    context: Record<string, unknown>,
  ): Promise<CallbackResponse> {
    if (!subscription) return this.refuse(context, 'no such subscription');
    const leaseSeconds = Number(query.get('hub.lease_seconds'));
    if (!Number.isInteger(leaseSeconds) || leaseSeconds <= 0 || leaseSeconds > MAX_LEASE_SECONDS) return this.refuse(context, 'hub.lease_seconds missing or invalid');
    const now = this.clock();
    const leaseExpiresAt = new Date(now.getTime() + leaseSeconds * 1000).toISOString();
    const confirmed = await this.dependencies.pushStates.confirmPush(subscription.id, { token: attempt.token, topicUrl: attempt.topic, at: now.toISOString(), leaseExpiresAt });
    if (!confirmed) return this.refuse(context, 'topic or token does not match a pending attempt');
    this.dependencies.log.info('websub subscription verified', { ...context, leaseSeconds, leaseExpiresAt });
    return this.answer('verified', 200, attempt.challenge);
  }

  private async receive(request: CallbackRequest): Promise<CallbackResponse> {
    const token = request.query.get('token') ?? '';
    const subscription = request.subscriptionId === undefined ? undefined : await this.dependencies.subscriptions.get(request.subscriptionId);
    const context = { subscriptionId: request.subscriptionId, bytes: request.body.length };
    // 410 tells the hub this callback is no longer wanted (an old attempt, a removed subscription).
    if (!subscription?.push || subscription.push.token !== token || !subscription.enabled) {
      this.dependencies.log.warn('websub content for an unknown subscription or attempt; refused', context);
      return this.answer('refused', 410, 'Gone\n');
    }
    if (request.body.length > this.dependencies.maxBodyBytes) {
      this.dependencies.log.warn('websub content too large; refused', { ...context, maxBodyBytes: this.dependencies.maxBodyBytes });
      return this.answer('push-rejected', 413, 'Payload Too Large\n');
    }
    const signature = verifyHubSignature(request.body, request.headers['x-hub-signature'], subscription.push.secret);
    if (!signature.valid) {
      this.dependencies.log.warn('websub content with a bad signature ignored', { ...context, reason: signature.reason });
      return this.answer('push-rejected', 202, 'Accepted\n');
    }
    return this.ingest(subscription, request, context);
  }

  private async ingest(subscription: Subscription, request: CallbackRequest, context: Record<string, unknown>): Promise<CallbackResponse> {
    const receivedAt = this.clock();
    const document = { body: request.body, contentType: request.headers['content-type'], url: subscription.push?.topicUrl ?? subscription.url };
    try {
      const { items } = await ingestDocument(subscription, document, receivedAt, this.dependencies);
      await this.dependencies.pushStates.pushReceived(subscription.id, subscription.push?.token ?? '', receivedAt.toISOString());
      this.dependencies.log.info('websub content ingested', { ...context, items });
      return this.answer('pushed', 204, '');
    } catch (error) {
      // A document we cannot read is the partner's problem, and the backstop poll will try again:
      // acknowledge it, so the hub does not redeliver the same bytes.
      const recorded = recordedErrorOf(error, 'store');
      this.dependencies.log.warn('websub content could not be ingested', { ...context, error: recorded });
      if (recorded.kind === 'store') return this.answer('push-failed', 500, 'Internal Server Error\n');
      return this.answer('push-failed', 202, 'Accepted\n');
    }
  }

  private refuse(context: Record<string, unknown>, reason: string): CallbackResponse {
    this.dependencies.log.warn('websub verification refused', { ...context, reason });
    return this.answer('refused', 404, 'Not Found\n');
  }

  private answer(outcome: CallbackOutcome, status: number, body: string): CallbackResponse {
    this.dependencies.onOutcome?.(outcome);
    return { status, headers: status === 204 ? {} : TEXT_HEADERS, body };
  }
}

/** The attempt we currently count on: a hub asking to unsubscribe it is refused. */
function relyingOn(subscription: Subscription | undefined, token: string): boolean {
  return subscription?.enabled === true && subscription.push !== undefined && subscription.push.token === token && subscription.push.state !== 'denied';
}
