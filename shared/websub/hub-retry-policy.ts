import type { Random } from '../time/time-sources.ts';

/** How hard a publish ping tries before it is given up; validated by the caller's config. */
export interface HubRetryPolicy {
  /** Attempts per ping, the first included. */
  maxAttempts: number;
  /** Bound on one request, response headers included. */
  attemptTimeoutMs: number;
  /** The first retry waits about this long; each further retry doubles it. */
  baseDelayMs: number;
  /** No wait is longer than this: backoff and Retry-After alike. */
  maxDelayMs: number;
}

/**
 * Sized for a Lambda invocation that settles its pings within a few seconds: a hub that refuses
 * connections is given up after about 1.75 s, a slow one is cut off per attempt.
 */
export const DEFAULT_HUB_RETRY_POLICY: HubRetryPolicy = {
  maxAttempts: 4,
  attemptTimeoutMs: 2_000,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
};

/** Why an attempt failed, as far as retrying is concerned. */
export type AttemptFailure =
  | { retryable: true; retryAfterMs?: number }
  | { retryable: false };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * After failed attempt number `attempt` (1-based): exponential backoff with "equal jitter" (half
 * fixed, half random) so pings that failed together do not come back together. A hub's
 * Retry-After is a floor; one asking for longer than the cap is given up rather than hit early.
 */
export function decideRetry(attempt: number, failure: AttemptFailure, policy: HubRetryPolicy, random: Random): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: 'not retryable' };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts exhausted' };
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxDelayMs) {
    return { retry: false, reason: `hub asked to wait ${failure.retryAfterMs} ms, beyond the ${policy.maxDelayMs} ms cap` };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + (backoff / 2) * random();
  return { retry: true, delayMs: Math.round(Math.max(jittered, failure.retryAfterMs ?? 0)) };
}
