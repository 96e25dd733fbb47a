import { retryAfterMs } from '../ingest/schedule/freshness.ts';
import type { AttemptFailure } from './hub-retry-policy.ts';
import { errorFields } from '../errors/error-description.ts';
import { type Sleep } from '../time/time-sources.ts';

/** The slice of WHATWG `fetch` a ping needs; global `fetch` in production, a double in unit tests. */
export type PingFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Waits `ms`, or less when `signal` aborts; never rejects. Injected so tests run on a fake clock. */

export interface PublishPingRequest {
  hubUrl: string;
  topicUrl: string;
}

export interface PingAttemptOptions {
  fetch: PingFetch;
  sleep: Sleep;
  userAgent: string;
  timeoutMs: number;
  now: () => number;
  /** Aborted when the ping is abandoned (the invocation's settle deadline passed). */
  signal: AbortSignal;
}

export type PingAttemptOutcome =
  | { accepted: true; status: number }
  | { accepted: false; status?: number; error: Record<string, unknown>; failure: AttemptFailure };

export class PingTimeoutError extends Error {
  override readonly name = 'PingTimeoutError';
  constructor(
    readonly hubUrl: string,
    readonly timeoutMs: number,
  ) {
    super(`no response from hub ${hubUrl} within ${timeoutMs} ms`);
  }
}

/**
 * The publish notification of PubSubHubbub 0.4, which WebSub leaves to hubs and which they
 * implement alike: a form POST of `hub.mode=publish` and the changed topic's URL.
 */
export function publishPingBody(topicUrl: string): string {
  return new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topicUrl }).toString();
}

/**
 * One attempt: POST the ping, bounded in time, and say whether another attempt could help.
 * Network errors, timeouts, 408, 429 and 5xx may pass; any other answer will not change on retry.
 * Redirects are not followed: a 301/302 would turn the POST into a GET that pings nothing.
 */
export async function sendPublishPing(request: PublishPingRequest, options: PingAttemptOptions): Promise<PingAttemptOutcome> {
  const timeout = new AbortController();
  const stopTimer = new AbortController();
  void options.sleep(options.timeoutMs, stopTimer.signal).then(() => {
    if (!stopTimer.signal.aborted) timeout.abort(new PingTimeoutError(request.hubUrl, options.timeoutMs));
  });
  try {
    const response = await options.fetch(request.hubUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': options.userAgent },
      body: publishPingBody(request.topicUrl),
      redirect: 'manual',
      signal: AbortSignal.any([timeout.signal, options.signal]),
    });
    // The body says nothing we act on; cancelling it frees the connection for the next ping.
    await response.body?.cancel();
    return classify(response, options.now());
  } catch (error) {
    const cause = timeout.signal.aborted ? timeout.signal.reason : error;
    return { accepted: false, error: errorFields(cause), failure: { retryable: true } };
  } finally {
    stopTimer.abort();
  }
}

function classify(response: Response, now: number): PingAttemptOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { accepted: true, status };
  const error = { message: `hub answered HTTP ${status}` };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfter = retryAfterMs(response.headers.get('retry-after') ?? undefined, response.headers.get('date') ?? undefined, now);
    return { accepted: false, status, error, failure: { retryable: true, retryAfterMs: retryAfter } };
  }
  return { accepted: false, status, error, failure: { retryable: false } };
}
