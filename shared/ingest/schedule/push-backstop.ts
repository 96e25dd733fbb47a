import type { Random } from '../../time/time-sources.ts';

/**
 * While WebSub push is live, polling is only a backstop: the next poll waits the backstop
 * interval (up to 10 % sooner at random, so feeds pushed together drift apart), but comes
 * back in time to renew the lease. Never sooner than the normal schedule would poll.
 */
export function nextFetchWhilePushed(now: number, normalNextFetch: number, backstopMs: number, renewalDueAt: number | undefined, random: Random): number {
  const backstop = now + backstopMs * (1 - 0.1 * random());
  return Math.max(normalNextFetch, Math.min(backstop, renewalDueAt ?? backstop));
}
