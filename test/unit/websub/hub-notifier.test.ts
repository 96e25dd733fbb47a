import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../shared/feed/build-feed-document.ts';
import type { FeedFormat } from '../../../shared/feed/feed-id.ts';
import { COUNT_METRICS } from '../../../shared/observability/pipeline-metrics.ts';
import type { FeedChange } from '../../../shared/feed/feed-change.ts';
import { HubNotifier } from '../../../shared/websub/hub-notifier.ts';
import type { PingFetch } from '../../../shared/websub/publish-ping.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { CollectingMetrics } from '../../support/collecting-metrics.ts';
import { FakeClock, flushCallbacks } from '../../support/fake-clock.ts';
import { testSite } from '../../support/test-site.ts';

const HUB = 'https://hub.example.net/';
const OTHER_HUB = 'https://push.example.com/publish';
const site = testSite();

/** What the hub double does with one request: answer, fail the connection, or never answer. */
type HubAnswer = { status: number; headers?: Record<string, string> } | 'refuse' | 'hang';

interface HubCall {
  url: string;
  at: number;
  form: URLSearchParams;
  contentType: string | null;
  signal: AbortSignal;
  answer(reply: Exclude<HubAnswer, 'hang'>): void;
}

/**
 * Stands in for the network at the `fetch` seam: each request is answered by the script in turn
 * (the last answer repeats), or held open until the test answers it by hand.
 */
function scriptedHub(clock: FakeClock, script: HubAnswer[]) {
  const calls: HubCall[] = [];
  const fetch: PingFetch = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal as AbortSignal;
      const answer = (reply: Exclude<HubAnswer, 'hang'>) => {
        if (reply === 'refuse') reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
        else resolve(new Response(null, { status: reply.status, headers: reply.headers }));
      };
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      const headers = new Headers(init.headers);
      calls.push({ url, at: clock.now(), form: new URLSearchParams(String(init.body)), contentType: headers.get('content-type'), signal, answer });
      const scripted = script[Math.min(calls.length - 1, script.length - 1)] ?? { status: 204 };
      if (scripted !== 'hang') answer(scripted);
    });
  return { fetch, calls };
}

function setUp(script: HubAnswer[], hubUrls: string[] = [HUB]) {
  const clock = new FakeClock();
  const hub = scriptedHub(clock, script);
  const log = new CollectingLog();
  const metrics = new CollectingMetrics();
  const notifier = new HubNotifier({ hubUrls, log, metrics, fetch: hub.fetch, clock, random: () => 0 });
  return { clock, hub, log, metrics, notifier };
}

function change(written: FeedFormat[], feedId = 'all'): FeedChange {
  return { feedId, document: buildFeedDocument(feedId, [], site), written };
}

const topic = (format: FeedFormat, feedId = 'all') => buildFeedDocument(feedId, [], site).links[format];

describe('HubNotifier', () => {
  it('pings every hub once per written format with a form-encoded publish request, without waiting', async () => {
    const { hub, metrics, notifier } = setUp([{ status: 204 }], [HUB, OTHER_HUB]);

    notifier.feedChanged(change(['rss', 'atom']));
    expect(notifier.outstanding).toBe(4);
    await notifier.settle(5_000);

    expect(hub.calls.map((call) => [call.url, call.form.get('hub.url')])).toEqual([
      [HUB, topic('rss')],
      [HUB, topic('atom')],
      [OTHER_HUB, topic('rss')],
      [OTHER_HUB, topic('atom')],
    ]);
    for (const call of hub.calls) {
      expect(call.contentType).toBe('application/x-www-form-urlencoded');
      expect([...call.form.keys()].sort()).toEqual(['hub.mode', 'hub.url']);
      expect(call.form.get('hub.mode')).toBe('publish');
    }
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(4);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(0);
    expect(notifier.outstanding).toBe(0);
  });

  it('pings nobody for a document a rebuild announces unchanged', async () => {
    const { hub, notifier } = setUp([{ status: 204 }]);
    notifier.feedChanged(change([]));
    expect(notifier.outstanding).toBe(0);
    await notifier.settle(5_000);
    expect(hub.calls).toEqual([]);
  });

  it('retries a 500 with exponential backoff and jitter, then counts the ping as sent', async () => {
    const { clock, hub, log, metrics, notifier } = setUp([{ status: 500 }, { status: 502 }, { status: 202 }]);

    notifier.feedChanged(change(['json']));
    await clock.advance(10_000);

    // random() = 0: half of 250 ms, then half of 500 ms.
    expect(hub.calls.map((call) => call.at)).toEqual([0, 125, 375]);
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(1);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(0);
    expect(log.withMessage('websub ping attempt failed; retrying').map((event) => event.attributes)).toEqual([
      expect.objectContaining({ hub: HUB, topic: topic('json'), attempt: 1, status: 500, retryInMs: 125 }),
      expect.objectContaining({ hub: HUB, topic: topic('json'), attempt: 2, status: 502, retryInMs: 250 }),
    ]);
  });

  it('honours Retry-After on a 429 and 503', async () => {
    const { clock, hub, notifier } = setUp([{ status: 429, headers: { 'retry-after': '1' } }, { status: 503, headers: { 'retry-after': '2' } }, { status: 204 }]);

    notifier.feedChanged(change(['atom']));
    await clock.advance(10_000);

    expect(hub.calls.map((call) => call.at)).toEqual([0, 1_000, 3_000]);
  });

  it('gives up at once when the hub asks to wait longer than the cap, logged and counted', async () => {
    const { clock, hub, log, metrics, notifier } = setUp([{ status: 503, headers: { 'retry-after': '120' } }]);

    notifier.feedChanged(change(['atom']));
    await clock.advance(10_000);

    expect(hub.calls).toHaveLength(1);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(1);
    expect(log.withMessage('websub ping given up')[0]?.attributes).toMatchObject({ status: 503, attempt: 1, reason: expect.stringContaining('120000 ms') });
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    const { clock, hub, log, metrics, notifier } = setUp([{ status: 400 }]);

    notifier.feedChanged(change(['rss']));
    await clock.advance(10_000);

    expect(hub.calls).toHaveLength(1);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(1);
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(0);
    expect(log.withMessage('websub ping given up')[0]?.attributes).toEqual(
      expect.objectContaining({ hub: HUB, topic: topic('rss'), feedId: 'all', attempt: 1, status: 400, reason: 'not retryable' }),
    );
  });

  it('retries refused connections a bounded number of times, then gives up', async () => {
    const { clock, hub, log, metrics, notifier } = setUp(['refuse']);

    notifier.feedChanged(change(['rss']));
    await clock.advance(60_000);

    expect(hub.calls.map((call) => call.at)).toEqual([0, 125, 375, 875]);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(1);
    const givenUp = log.withMessage('websub ping given up')[0]?.attributes;
    expect(givenUp).toMatchObject({ attempt: 4, reason: 'attempts exhausted', error: { cause: 'ECONNREFUSED: connect ECONNREFUSED' } });
  });

  it('cuts off an attempt that gets no answer within the attempt timeout, and retries it', async () => {
    const { clock, hub, log, notifier } = setUp(['hang', { status: 204 }]);

    notifier.feedChanged(change(['rss']));
    await clock.advance(1_999);
    expect(hub.calls).toHaveLength(1);
    await clock.advance(1);

    expect(hub.calls[0]?.signal.aborted).toBe(true);
    expect(log.withMessage('websub ping attempt failed; retrying')[0]?.attributes.error).toMatchObject({ name: 'PingTimeoutError' });
    await clock.advance(125);
    expect(hub.calls.map((call) => call.at)).toEqual([0, 2_125]);
  });

  it('coalesces a change for a topic whose ping is waiting to retry: the retry announces both', async () => {
    const { clock, hub, metrics, notifier } = setUp([{ status: 500 }, { status: 204 }]);

    notifier.feedChanged(change(['rss']));
    await clock.advance(50);
    notifier.feedChanged(change(['rss']));
    notifier.feedChanged(change(['rss']));
    await clock.advance(10_000);

    expect(hub.calls.map((call) => call.at)).toEqual([0, 125]);
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(1);
  });

  it('sends once more when a change arrives while the ping is on the wire: the hub may have read older bytes', async () => {
    const { clock, hub, metrics, notifier } = setUp(['hang']);

    notifier.feedChanged(change(['rss']));
    await flushCallbacks();
    notifier.feedChanged(change(['rss']));
    notifier.feedChanged(change(['rss']));
    hub.calls[0]?.answer({ status: 204 });
    await flushCallbacks();
    hub.calls[1]?.answer({ status: 204 });
    await clock.advance(0);

    expect(hub.calls).toHaveLength(2);
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(2);
    expect(notifier.outstanding).toBe(0);
  });

  it('pings different topics and hubs independently', async () => {
    const { hub, notifier } = setUp([{ status: 204 }]);

    notifier.feedChanged(change(['rss']));
    notifier.feedChanged(change(['rss'], 'topics/kazakhstan'));
    await notifier.settle(1_000);

    expect(hub.calls.map((call) => call.form.get('hub.url'))).toEqual([topic('rss'), topic('rss', 'topics/kazakhstan')]);
  });

  it('settle returns at the deadline, aborting, logging and counting the pings still pending', async () => {
    const { clock, hub, log, metrics, notifier } = setUp([{ status: 204 }, 'hang']);
    notifier.feedChanged(change(['rss', 'atom']));

    let report: { abandoned: number } | undefined;
    void notifier.settle(1_000).then((settled) => (report = settled));
    await clock.advance(999);
    expect(report).toBeUndefined();
    await clock.advance(1);

    expect(report).toEqual({ abandoned: 1 });
    expect(hub.calls[1]?.signal.aborted).toBe(true);
    expect(notifier.outstanding).toBe(0);
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(1);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(1);
    expect(log.withMessage('websub ping abandoned at the settle deadline').map((event) => event.attributes)).toEqual([
      expect.objectContaining({ hub: HUB, topic: topic('atom'), attempt: 1, settleMs: 1_000 }),
    ]);
    // Nothing of the abandoned ping runs on: no retry later.
    await clock.advance(60_000);
    expect(hub.calls).toHaveLength(2);
  });

  it('settle also gives up on a ping waiting between retries, and returns at once with nothing pending', async () => {
    const { clock, hub, metrics, notifier } = setUp([{ status: 500 }]);
    expect(await notifier.settle(1_000)).toEqual({ abandoned: 0 });

    notifier.feedChanged(change(['json']));
    const settled = notifier.settle(100);
    await clock.advance(100);

    expect(await settled).toEqual({ abandoned: 1 });
    expect(hub.calls).toHaveLength(1);
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(1);
  });
});
