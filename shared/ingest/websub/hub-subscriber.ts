import { randomBytes } from 'node:crypto';
import type { EventLog } from '../../log/event-log.ts';
import type { Subscription } from '../../store/subscription.ts';
import type { WebSubPushStateStore } from '../../store/websub-push-state-store.ts';
import { callbackUrlOf } from './callback-path.ts';
import { HubRequestError, type HubRequester } from './hub-client.ts';
import { requestedPush, subscribeReason, type PushSettings, type SubscribeReason } from './push-lifecycle.ts';
import { describeError } from '../../errors/error-description.ts';
import { type Clock } from '../../time/time-sources.ts';

export interface HubSubscriberDependencies {
  hub: HubRequester;
  pushStates: Pick<WebSubPushStateStore, 'beginPushAttempt' | 'pushAttemptFailed' | 'unsubscribeRequested'>;
  /** Where hubs reach our callback, e.g. the function URL; `/websub/<id>` is appended. */
  callbackBaseUrl: string;
  settings: PushSettings;
  log: EventLog;
  clock?: Clock;
}

/** 32 random bytes as hex: 64 characters, within WebSub's 200-byte limit for `hub.secret`. */
const newSecret = () => randomBytes(32).toString('hex');
const newToken = () => randomBytes(18).toString('base64url');

/**
 * Keeps a subscription's WebSub subscription at its hub: subscribes when the feed advertises a
 * hub and push is not live, renews before the lease ends, unsubscribes on removal. The pending
 * attempt is stored before the hub is asked, because a hub may verify before it even answers.
 * It never throws: a hub that fails is recorded on the subscription and polling carries on.
 */
export class HubSubscriber {
  private readonly clock: Clock;

  constructor(private readonly dependencies: HubSubscriberDependencies) {
    this.clock = dependencies.clock ?? (() => new Date());
  }

  /** After a poll: asks the hub when the lifecycle says so; returns why it asked, if it did. */
  async maintain(subscription: Subscription): Promise<SubscribeReason | undefined> {
    const now = this.clock();
    const reason = subscribeReason(subscription.push, subscription.hub, now.getTime(), this.dependencies.settings);
    if (!reason || !subscription.hub) return undefined;
    const requested = requestedPush(subscription.push, subscription.hub, reason, { token: newToken(), secret: newSecret() }, now);
    const push = { ...requested, callbackUrl: callbackUrlOf(this.dependencies.callbackBaseUrl, subscription.id, requested.token) };
    const attributes = { subscriptionId: subscription.id, hubUrl: push.hubUrl, topicUrl: push.topicUrl, reason };
    try {
      if (!(await this.dependencies.pushStates.beginPushAttempt(subscription.id, push))) return undefined;
      await this.dependencies.hub.send({
        hubUrl: push.hubUrl,
        mode: 'subscribe',
        topicUrl: push.topicUrl,
        callbackUrl: push.callbackUrl,
        secret: push.secret,
        leaseSeconds: this.dependencies.settings.requestedLeaseSeconds,
      });
      this.dependencies.log.info('websub subscribe requested', attributes);
    } catch (error) {
      const recorded = error instanceof HubRequestError ? error.toRecord(now.toISOString()) : { kind: 'websub-hub', message: describeError(error), at: now.toISOString() };
      this.dependencies.log.warn('websub subscribe failed; polling continues', { ...attributes, error: recorded });
      await this.dependencies.pushStates.pushAttemptFailed(subscription.id, push.token, recorded).catch((storeError: unknown) => {
        this.dependencies.log.error('websub subscribe failure could not be recorded', { ...attributes, error: describeError(storeError) });
      });
    }
    return reason;
  }

  /** Best effort, after a 410: see `requestUnsubscribe`. Failures are logged; the hub's lease runs out anyway. */
  async unsubscribe(subscription: Subscription): Promise<void> {
    const push = subscription.push;
    if (!push) return;
    const attributes = { subscriptionId: subscription.id, hubUrl: push.hubUrl, topicUrl: push.topicUrl };
    try {
      const { hub, pushStates, callbackBaseUrl } = this.dependencies;
      if (await requestUnsubscribe(subscription, hub, pushStates, callbackBaseUrl, this.clock())) this.dependencies.log.info('websub unsubscribe requested', attributes);
    } catch (error) {
      this.dependencies.log.warn('websub unsubscribe failed; the hub lease will run out', { ...attributes, error: describeError(error) });
    }
  }
}

/**
 * Tells the hub to stop pushing (`sub remove`, a 410 Gone), naming the callback it knows us by.
 * The request is recorded first: the callback confirms unsubscribe intent only for a recorded
 * request of a subscription we no longer rely on (removed, disabled), and the record outlives
 * the subscription item, so the item may be removed first. Returns false when there was nothing
 * to end.
 */
export async function requestUnsubscribe(
  subscription: Subscription,
  hub: HubRequester,
  pushStates: Pick<WebSubPushStateStore, 'unsubscribeRequested'>,
  callbackBaseUrl?: string,
  now = new Date(),
): Promise<boolean> {
  const push = subscription.push;
  if (!push || push.state === 'denied') return false;
  const callbackUrl = push.callbackUrl ?? (callbackBaseUrl === undefined ? undefined : callbackUrlOf(callbackBaseUrl, subscription.id, push.token));
  if (callbackUrl === undefined) return false;
  await pushStates.unsubscribeRequested(subscription.id, { token: push.token, topicUrl: push.topicUrl, at: now.toISOString() });
  await hub.send({ hubUrl: push.hubUrl, mode: 'unsubscribe', topicUrl: push.topicUrl, callbackUrl });
  return true;
}
