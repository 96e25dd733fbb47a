import { describe, expect, it } from 'vitest';
import { decideRetry, type HubRetryPolicy } from '../../../shared/websub/hub-retry-policy.ts';

const POLICY: HubRetryPolicy = { maxAttempts: 4, attemptTimeoutMs: 2_000, baseDelayMs: 250, maxDelayMs: 2_000 };

describe('decideRetry', () => {
  it.each([
    { name: 'first retry: half fixed, half random (random 0)', attempt: 1, random: 0, expected: 125 },
    { name: 'first retry, random at its top', attempt: 1, random: 0.999_999, expected: 250 },
    { name: 'doubles per attempt', attempt: 2, random: 0.5, expected: 375 },
    { name: 'third retry', attempt: 3, random: 0, expected: 500 },
  ])('$name', ({ attempt, random, expected }) => {
    expect(decideRetry(attempt, { retryable: true }, POLICY, () => random)).toEqual({ retry: true, delayMs: expected });
  });

  it('never waits longer than the cap, however many attempts are allowed', () => {
    const decision = decideRetry(9, { retryable: true }, { ...POLICY, maxAttempts: 20 }, () => 0.999_999);
    expect(decision).toEqual({ retry: true, delayMs: 2_000 });
  });

  it('waits at least what Retry-After asks, within the cap', () => {
    expect(decideRetry(1, { retryable: true, retryAfterMs: 1_500 }, POLICY, () => 0)).toEqual({ retry: true, delayMs: 1_500 });
    expect(decideRetry(3, { retryable: true, retryAfterMs: 10 }, POLICY, () => 0)).toEqual({ retry: true, delayMs: 500 });
  });

  it('gives up when Retry-After asks for longer than the cap rather than retrying early', () => {
    const decision = decideRetry(1, { retryable: true, retryAfterMs: 60_000 }, POLICY, () => 0);
    expect(decision).toMatchObject({ retry: false, reason: expect.stringContaining('60000 ms') });
  });

  it('gives up after the last attempt and on failures a retry cannot fix', () => {
    expect(decideRetry(4, { retryable: true }, POLICY, () => 0)).toEqual({ retry: false, reason: 'attempts exhausted' });
    expect(decideRetry(1, { retryable: false }, POLICY, () => 0)).toEqual({ retry: false, reason: 'not retryable' });
  });
});
