import type { HubLink, PushState } from '../../store/subscription.ts';

/**
 * The subscriber side of WebSub as a small state machine over the `push` record of a
 * subscription. States (stored): `pending` (asked the hub, awaiting its verification of intent),
 * `active` (verified, lease running), `denied` (the hub said no), `failed` (the request failed).
 *
 *   (none) ──request──▶ pending ──verified──▶ active ──renewal due──▶ pending (lease still valid)
 *                         │  ╲                  │
 *                    denied  failed       lease expired / silent / hub moved
 *                         ▼    ▼                ▼
 *                      denied failed ──retry──▶ pending
 *
 * Whatever the state, the poller keeps polling: at the relaxed backstop interval only while
 * push is live (see `isPushLive`), at the normal cadence otherwise.
 */
export interface PushSettings {
  /** Lease asked of the hub (`hub.lease_seconds`); the hub may grant another. */
  requestedLeaseSeconds: number;
  /** An attempt not verified (or not retried after a failure or denial) within this is tried again. */
  retryAfterMs: number;
  /** The poll interval while push is live, and the longest push may stay silent and count as live. */
  backstopMs: number;
}

/** Why the poll run asks the hub (again), or undefined when it need not. */
export type SubscribeReason = 'new' | 'hub-changed' | 'unverified' | 'retry' | 'renewal' | 'expired' | 'silent';

/** Renew when less than 10 % of the granted lease, or one day, is left, whichever comes sooner. */
const RENEWAL_FRACTION = 0.1;
const RENEWAL_MAX_MS = 24 * 60 * 60_000;

/**
 * Push counts as live (the poller may relax) while the hub verified us, the lease runs and a push
 * or the verification itself came within the backstop. A pending renewal keeps a live lease.
 */
export function isPushLive(push: PushState | undefined, now: number, settings: PushSettings): boolean {
  if (!push || (push.state !== 'active' && push.state !== 'pending')) return false;
  const lease = timeOf(push.leaseExpiresAt);
  if (lease === undefined || lease <= now) return false;
  return now - lastSignOfLife(push) <= settings.backstopMs;
}

/** When the lease should be renewed (epoch ms), if one was granted. */
export function renewalDueAt(push: PushState | undefined): number | undefined {
  const lease = timeOf(push?.leaseExpiresAt);
  const verified = timeOf(push?.verifiedAt);
  if (lease === undefined || verified === undefined) return undefined;
  return lease - Math.min(RENEWAL_FRACTION * Math.max(0, lease - verified), RENEWAL_MAX_MS);
}

/** Whether the poll run should send `hub.mode=subscribe` now, and why. */
export function subscribeReason(push: PushState | undefined, hub: HubLink | undefined, now: number, settings: PushSettings): SubscribeReason | undefined {
  if (!hub) return undefined;
  if (!push) return 'new';
  if (push.hubUrl !== hub.hubUrl || push.topicUrl !== hub.topicUrl) return 'hub-changed';
  const sinceRequest = now - (timeOf(push.requestedAt) ?? 0);
  const lease = timeOf(push.leaseExpiresAt);
  if (push.state === 'denied' || push.state === 'failed') return sinceRequest >= settings.retryAfterMs ? 'retry' : undefined;
  if (push.state === 'pending') return sinceRequest >= settings.retryAfterMs ? 'unverified' : undefined;
  if (lease === undefined || lease <= now) return 'expired';
  if (now >= (renewalDueAt(push) ?? lease)) return 'renewal';
  // A hub that lost us says nothing; after a backstop of silence, ask again (at most once per backstop).
  if (now - lastSignOfLife(push) > settings.backstopMs && sinceRequest > settings.backstopMs) return 'silent';
  return undefined;
}

export interface AttemptSecrets {
  token: string;
  secret: string;
}

/**
 * The record of a new request to the hub. A renewal of a live subscription at the same hub keeps
 * its callback token (the hub identifies a subscription by topic and callback, so a new callback
 * would be a second subscription); any other attempt gets a fresh token, so a late verification
 * of an older attempt cannot confirm it. The secret stays for the subscription's life.
 */
export function requestedPush(previous: PushState | undefined, hub: HubLink, reason: SubscribeReason, fresh: AttemptSecrets, now: Date): PushState {
  const renewing = previous !== undefined && (reason === 'renewal' || reason === 'silent');
  return {
    state: 'pending',
    hubUrl: hub.hubUrl,
    topicUrl: hub.topicUrl,
    token: renewing ? previous.token : fresh.token,
    secret: previous?.secret ?? fresh.secret,
    requestedAt: now.toISOString(),
    ...(renewing && previous.verifiedAt ? { verifiedAt: previous.verifiedAt } : {}),
    ...(renewing && previous.leaseExpiresAt ? { leaseExpiresAt: previous.leaseExpiresAt } : {}),
    ...(previous?.lastPushAt ? { lastPushAt: previous.lastPushAt } : {}),
  };
}

function lastSignOfLife(push: PushState): number {
  return Math.max(timeOf(push.lastPushAt) ?? 0, timeOf(push.verifiedAt) ?? 0);
}

function timeOf(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}
