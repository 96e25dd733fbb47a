import { describe, expect, it } from 'vitest';
import { nextFetchWhilePushed } from '../../../shared/ingest/schedule/push-backstop.ts';
import { isPushLive, renewalDueAt, requestedPush, subscribeReason, type PushSettings } from '../../../shared/ingest/websub/push-lifecycle.ts';
import type { HubLink, PushState } from '../../../shared/store/subscription.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const SETTINGS: PushSettings = { requestedLeaseSeconds: 864_000, retryAfterMs: HOUR, backstopMs: DAY };
const HUB: HubLink = { hubUrl: 'https://hub.example/', topicUrl: 'https://feeds.example/rss.xml' };
const FRESH = { token: 'fresh-token-0123456789', secret: 'fresh-secret-0123456789' };

/** Verified at T0 with a ten-day lease. */
const ACTIVE: PushState = {
  state: 'active',
  ...HUB,
  token: 'token-0123456789abcdef',
  secret: 'secret-0123456789abcdef',
  requestedAt: at(-60_000),
  verifiedAt: at(0),
  leaseExpiresAt: at(10 * DAY),
};

describe('push lifecycle: when to ask the hub', () => {
  it.each<[string, PushState | undefined, HubLink | undefined, number, string | undefined]>([
    ['no hub advertised', undefined, undefined, 0, undefined],
    ['a hub and no push yet', undefined, HUB, 0, 'new'],
    ['a hub that moved', ACTIVE, { ...HUB, hubUrl: 'https://other-hub.example/' }, HOUR, 'hub-changed'],
    ['a topic that moved', ACTIVE, { ...HUB, topicUrl: 'https://feeds.example/new.xml' }, HOUR, 'hub-changed'],
    ['a pending attempt, still young', { ...ACTIVE, state: 'pending', verifiedAt: undefined, leaseExpiresAt: undefined }, HUB, 30 * 60_000, undefined],
    ['a pending attempt never verified', { ...ACTIVE, state: 'pending', verifiedAt: undefined, leaseExpiresAt: undefined }, HUB, HOUR, 'unverified'],
    ['a failure, within the retry interval', { ...ACTIVE, state: 'failed' }, HUB, 30 * 60_000, undefined],
    ['a failure, past the retry interval', { ...ACTIVE, state: 'failed' }, HUB, HOUR, 'retry'],
    ['a denial, past the retry interval', { ...ACTIVE, state: 'denied', leaseExpiresAt: undefined }, HUB, 2 * HOUR, 'retry'],
    ['an active lease with pushes arriving', { ...ACTIVE, lastPushAt: at(8 * DAY) }, HUB, 8.5 * DAY, undefined],
    ['an active lease with one day left', { ...ACTIVE, lastPushAt: at(8.9 * DAY) }, HUB, 9 * DAY, 'renewal'],
    ['an expired lease', { ...ACTIVE, lastPushAt: at(9.9 * DAY) }, HUB, 10 * DAY, 'expired'],
    ['a live lease, silent for over the backstop', ACTIVE, HUB, 1.5 * DAY, 'silent'],
  ])('%s', (_case, push, hub, now, expected) => {
    expect(subscribeReason(push, hub, T0 + now, SETTINGS)).toBe(expected);
  });

  it('renews when 10 % of the lease is left if that is sooner than one day before its end', () => {
    const shortLease = { ...ACTIVE, leaseExpiresAt: at(5 * HOUR) };
    expect(renewalDueAt(shortLease)).toBe(T0 + 4.5 * HOUR);
    expect(renewalDueAt(ACTIVE)).toBe(T0 + 9 * DAY);
    expect(renewalDueAt({ ...ACTIVE, leaseExpiresAt: at(30 * DAY) })).toBe(T0 + 29 * DAY);
    expect(renewalDueAt({ ...ACTIVE, verifiedAt: undefined, leaseExpiresAt: undefined })).toBeUndefined();
  });
});

describe('push lifecycle: when polling may relax', () => {
  it.each<[string, PushState | undefined, number, boolean]>([
    ['no push', undefined, 0, false],
    ['verified, lease running', ACTIVE, HOUR, true],
    ['a renewal pending on a live lease', { ...ACTIVE, state: 'pending', requestedAt: at(9 * DAY), lastPushAt: at(9 * DAY) }, 9 * DAY + HOUR, true],
    ['a first attempt pending', { ...ACTIVE, state: 'pending', verifiedAt: undefined, leaseExpiresAt: undefined }, HOUR, false],
    ['denied', { ...ACTIVE, state: 'denied' }, HOUR, false],
    ['failed', { ...ACTIVE, state: 'failed' }, HOUR, false],
    ['lease expired', { ...ACTIVE, lastPushAt: at(10 * DAY - 1) }, 10 * DAY, false],
    ['no push for longer than the backstop', ACTIVE, DAY + 1, false],
    ['a recent push keeps it live', { ...ACTIVE, lastPushAt: at(5 * DAY) }, 5.5 * DAY, true],
  ])('%s', (_case, push, now, expected) => {
    expect(isPushLive(push, T0 + now, SETTINGS)).toBe(expected);
  });
});

describe('push lifecycle: a new attempt', () => {
  const now = new Date(T0 + 9 * DAY);

  it('keeps the callback token and lease on a renewal of the same subscription', () => {
    expect(requestedPush(ACTIVE, HUB, 'renewal', FRESH, now)).toEqual({ ...ACTIVE, state: 'pending', requestedAt: now.toISOString() });
  });

  it('takes a fresh token, and drops the old lease, for any other attempt; the secret stays', () => {
    for (const reason of ['new', 'hub-changed', 'unverified', 'retry', 'expired'] as const) {
      const push = requestedPush(ACTIVE, HUB, reason, FRESH, now);
      expect(push).toEqual({ state: 'pending', ...HUB, token: FRESH.token, secret: ACTIVE.secret, requestedAt: now.toISOString() });
    }
    expect(requestedPush(undefined, HUB, 'new', FRESH, now).secret).toBe(FRESH.secret);
  });
});

describe('nextFetchWhilePushed', () => {
  const normal = T0 + 15 * 60_000;

  it('waits the backstop, up to 10 % sooner at random', () => {
    expect(nextFetchWhilePushed(T0, normal, DAY, undefined, () => 0)).toBe(T0 + DAY);
    expect(nextFetchWhilePushed(T0, normal, DAY, undefined, () => 0.999)).toBeGreaterThan(T0 + 0.9 * DAY);
  });

  it('comes back in time to renew the lease', () => {
    expect(nextFetchWhilePushed(T0, normal, DAY, T0 + 5 * HOUR, () => 0)).toBe(T0 + 5 * HOUR);
  });

  it('is never sooner than the normal schedule', () => {
    expect(nextFetchWhilePushed(T0, normal, DAY, T0 + 60_000, () => 0)).toBe(normal);
  });
});
