import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { describeSubscription } from '../../../cli/subscription-commands.ts';
import { startFeedServer, type RunningFeedServer } from '../../../local/feed-server/feed-server.ts';
import { createTable } from '../../../local/bootstrap.ts';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import { createFeedPoller, type WiredFeedPoller } from '../../../shared/ingest/create-feed-poller.ts';
import { WebSubCallback } from '../../../shared/ingest/websub/websub-callback.ts';
import { IngestedPostStore } from '../../../shared/store/ingested-post-store.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { PENDING_UNSUBSCRIBE_SK_PREFIX, subscriptionKey } from '../../../shared/store/table-design.ts';
import { WebSubPushStateStore } from '../../../shared/store/websub-push-state-store.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { FixtureFeedServer } from '../../support/fixture-feed-server.ts';
import { testPollerConfig } from '../../support/ingest-harness.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';
import { WebSubHubDouble } from '../../support/websub-hub-double.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const REQUESTED_LEASE_SECONDS = 10 * 24 * 60 * 60;
const MAX_BODY_BYTES = 512 * 1024;
/** testPollerConfig polls every 15 minutes, jittered up to 10 % later. */
const NORMAL_CADENCE_MAX = 16.5 * MINUTE;

let feeds: FixtureFeedServer;
let hub: WebSubHubDouble;
let rig: Rig;

beforeAll(async () => {
  feeds = await FixtureFeedServer.start();
});
afterAll(async () => {
  await feeds.close();
});
afterEach(async () => {
  await rig?.close();
  await hub?.close();
});

/**
 * The real poller and the real callback core behind the local server's `/websub/<id>` route,
 * on a table of their own, sharing one clock the test moves forward (leases last days).
 */
class Rig {
  time = Date.now();
  readonly log = new CollectingLog();

  private constructor(
    readonly clients: AwsClients,
    readonly tableName: string,
    private readonly servers: { callback?: RunningFeedServer; poller?: WiredFeedPoller },
  ) {}

  static async create(): Promise<Rig> {
    const clients = createEmulatorClients();
    const tableName = uniqueResourceName('websub');
    await createTable(clients.dynamoDb, tableName);
    const rig = new Rig(clients, tableName, {});
    const clock = () => new Date(rig.time);
    const core = new WebSubCallback({
      subscriptions: new SubscriptionRegistry(clients.documents, tableName),
      pushStates: new WebSubPushStateStore(clients.documents, tableName),
      posts: new IngestedPostStore(clients.documents, tableName),
      maxItemsPerFeed: 200,
      maxBodyBytes: MAX_BODY_BYTES,
      log: rig.log,
      clock,
    });
    rig.servers.callback = await startFeedServer({
      s3: clients.s3,
      bucketName: 'no-bucket-needed',
      port: 0,
      log: () => undefined,
      websub: { callback: (request) => core.handle(request), maxBodyBytes: MAX_BODY_BYTES },
    });
    const push = { requestedLeaseSeconds: REQUESTED_LEASE_SECONDS, retryAfterMs: 60 * MINUTE, backstopMs: DAY };
    const config = { ...testPollerConfig(tableName), websub: { callbackBaseUrl: rig.servers.callback.url, push } };
    rig.servers.poller = createFeedPoller({ documents: clients.documents, config, log: rig.log, clock });
    return rig;
  }

  get poller() {
    return (this.servers.poller as WiredFeedPoller).poller;
  }

  get subscriptions() {
    return (this.servers.poller as WiredFeedPoller).subscriptions;
  }

  get callbackUrl(): string {
    return (this.servers.callback as RunningFeedServer).url;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async subscription(id: string) {
    const subscription = await this.subscriptions.get(id);
    if (!subscription) throw new Error(`no subscription ${id}`);
    return subscription;
  }

  /** The unsubscribes recorded for a subscription (`SUB#<id>` / `UNSUBSCRIBE#<token>` items). */
  async pendingUnsubscribes(id: string): Promise<Record<string, unknown>[]> {
    const { Items } = await this.clients.documents.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': subscriptionKey(id).pk, ':prefix': PENDING_UNSUBSCRIBE_SK_PREFIX },
      ConsistentRead: true,
    });
    return Items ?? [];
  }

  async titles(): Promise<string[]> {
    const titles: string[] = [];
    for await (const result of new PostStore(this.clients.documents, this.tableName).listAll()) if (result.ok) titles.push(result.post.title);
    return titles.sort();
  }

  async close(): Promise<void> {
    await this.servers.poller?.close();
    await this.servers.callback?.close();
    destroyClients(this.clients);
  }
}

function rss(options: { hubUrl: string; selfUrl: string; titles: string[] }): Buffer {
  const items = options.titles
    .map(
      (title, index) => `
    <item>
      <title>${title}</title>
      <link>https://wire.example/news/${encodeURIComponent(title.toLowerCase().replace(/\s+/g, '-'))}</link>
      <guid isPermaLink="false">${title}</guid>
      <pubDate>Tue, 24 Nov 2026 ${String(10 + index).padStart(2, '0')}:00:00 GMT</pubDate>
      <description>${title}, in brief.</description>
    </item>`,
    )
    .join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Hubbed Wire</title>
    <link>https://wire.example/</link>
    <description>A partner feed that advertises a WebSub hub</description>
    <atom:link rel="hub" href="${options.hubUrl}"/>
    <atom:link rel="self" href="${options.selfUrl}" type="application/rss+xml"/>${items}
  </channel>
</rss>
`);
}

/** A feed on the fixture server that names `hubUrl` as its hub; its topic is its own URL. */
function serveHubbedFeed(path: string, hubUrl: string, titles: string[]): string {
  const topic = feeds.urlOf(path);
  feeds.feed(path, rss({ hubUrl, selfUrl: topic, titles }));
  return topic;
}

async function subscribedAndVerified(id: string, path: string): Promise<{ topic: string; callback: string }> {
  const topic = serveHubbedFeed(path, hub.url, ['First story']);
  await rig.subscriptions.add({ id, url: topic, topics: [] }, new Date(rig.time - 1_000));
  const run = await rig.poller.runDue();
  expect(run).toMatchObject({ polled: 1, changed: 1, hubRequests: 1 });
  const [verification] = await hub.verificationsDone(1);
  expect(verification?.confirmed).toBe(true);
  return { topic, callback: verification?.request.callback ?? '' };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hub`;
}

describe('WebSub subscriber: poller, hub double and callback on 127.0.0.1', () => {
  it('subscribes to an advertised hub, answers its verification, and relaxes polling to the backstop', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic, callback } = await subscribedAndVerified('hubbed', '/hubbed.xml');

    const [request] = hub.requests;
    expect(request).toMatchObject({ mode: 'subscribe', topic, leaseSeconds: REQUESTED_LEASE_SECONDS });
    expect(callback.startsWith(`${rig.callbackUrl}/websub/hubbed?token=`)).toBe(true);
    expect(Buffer.byteLength(request?.secret ?? '')).toBeGreaterThanOrEqual(32);
    expect(Buffer.byteLength(request?.secret ?? '')).toBeLessThanOrEqual(200);

    const subscription = await rig.subscription('hubbed');
    expect(subscription.hub).toEqual({ hubUrl: hub.url, topicUrl: topic });
    expect(subscription.push).toMatchObject({ state: 'active', hubUrl: hub.url, topicUrl: topic, secret: request?.secret });
    expect(Date.parse(subscription.push?.leaseExpiresAt ?? '')).toBe(rig.time + REQUESTED_LEASE_SECONDS * 1000);

    // With push live, the next poll is a backstop a day away, and the hub is not asked again.
    await rig.poller.pollNow(['hubbed']);
    const relaxed = await rig.subscription('hubbed');
    expect(Date.parse(relaxed.nextFetchAt) - rig.time).toBeGreaterThanOrEqual(0.9 * DAY - 1);
    expect(hub.requests).toHaveLength(1);
  });

  it('ingests signed pushed content through the poller path, and acknowledges but ignores bad signatures', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic } = await subscribedAndVerified('pushed', '/pushed.xml');
    expect(await rig.titles()).toEqual(['First story']);

    expect(await hub.publish(topic, rss({ hubUrl: hub.url, selfUrl: topic, titles: ['Pushed story', 'First story'] }))).toEqual([204]);
    expect(await rig.titles()).toEqual(['First story', 'Pushed story']);
    const afterPush = await rig.subscription('pushed');
    expect(afterPush.push?.lastPushAt).toBe(new Date(rig.time).toISOString());

    const forged = rss({ hubUrl: hub.url, selfUrl: topic, titles: ['Forged story'] });
    expect(await hub.publish(topic, forged, { signWith: 'not-the-secret' })).toEqual([202]);
    expect(await hub.publish(topic, forged, { signWith: null })).toEqual([202]);
    expect(await hub.publish(topic, forged, { signWith: afterPush.push?.secret ?? '', method: 'md5' })).toEqual([202]);
    expect(await rig.titles()).toEqual(['First story', 'Pushed story']);
    expect(rig.log.withMessage('websub content with a bad signature ignored')).toHaveLength(3);

    // Every supported digest is accepted.
    for (const method of ['sha1', 'sha384', 'sha512']) {
      const body = rss({ hubUrl: hub.url, selfUrl: topic, titles: [`Signed with ${method}`] });
      expect(await hub.publish(topic, body, { method })).toEqual([204]);
    }
    expect(await rig.titles()).toEqual(['First story', 'Pushed story', 'Signed with sha1', 'Signed with sha384', 'Signed with sha512']);
  });

  it('refuses verifications for an unknown subscription, a wrong topic, a stale token or a settled attempt (404)', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic, callback } = await subscribedAndVerified('verified', '/verified.xml');
    const subscribe = { 'hub.mode': 'subscribe', 'hub.challenge': 'c-123', 'hub.lease_seconds': '600' };

    expect(await hub.verifyWith(callback.replace('/websub/verified', '/websub/nobody'), { ...subscribe, 'hub.topic': topic })).toMatchObject({ status: 404 });
    expect(await hub.verifyWith(callback, { ...subscribe, 'hub.topic': `${topic}?other` })).toMatchObject({ status: 404 });
    expect(await hub.verifyWith(callback, { ...subscribe, 'hub.topic': topic, token: 'a-stale-attempt-token' })).toMatchObject({ status: 404 });
    // The attempt was confirmed already; a replay of its verification confirms nothing.
    expect(await hub.verifyWith(callback, { ...subscribe, 'hub.topic': topic })).toMatchObject({ status: 404 });
    // An unsubscribe is echoed only when we asked for it: not for the attempt we rely on, an old
    // attempt, or a subscription that never was (else the callback reflects anyone's text).
    const unsubscribe = { 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.challenge': 'u-1' };
    expect(await hub.verifyWith(callback, unsubscribe)).toMatchObject({ status: 404 });
    expect(await hub.verifyWith(callback, { ...unsubscribe, token: 'old-attempt-token-0' })).toMatchObject({ status: 404 });
    expect(await hub.verifyWith(callback.replace('/websub/verified', '/websub/nobody'), unsubscribe)).toMatchObject({ status: 404 });
    const refused = await fetch(`${callback}&hub.mode=unsubscribe&hub.challenge=%3Chtml%3E`);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');

    const subscription = await rig.subscription('verified');
    expect(subscription.push?.state).toBe('active');
    expect(Date.parse(subscription.push?.leaseExpiresAt ?? '')).toBe(rig.time + REQUESTED_LEASE_SECONDS * 1000);
    // Content for an attempt that is not the current one is refused with 410, so the hub drops it.
    const stale = await fetch(callback.replace(/token=[^&]+/, 'token=old-attempt-token-0'), { method: 'POST', body: 'x' });
    expect(stale.status).toBe(410);
  });

  it('records a denial, falls back to the normal cadence, and asks again only after the retry interval', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic, callback } = await subscribedAndVerified('denied', '/denied.xml');

    expect(await hub.deny(callback, topic, 'quota exceeded')).toBe(200);
    const denied = await rig.subscription('denied');
    expect(denied.push).toMatchObject({ state: 'denied', deniedReason: 'quota exceeded' });
    expect(denied.push?.lastError?.message).toContain('quota exceeded');

    await rig.poller.pollNow(['denied']);
    const polled = await rig.subscription('denied');
    expect(Date.parse(polled.nextFetchAt) - rig.time).toBeLessThanOrEqual(NORMAL_CADENCE_MAX);
    expect(hub.requests).toHaveLength(1);

    rig.advance(61 * MINUTE);
    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, hubRequests: 1 });
    await hub.verificationsDone(2);
    expect(hub.requests[1]?.callback).not.toBe(callback);
    expect((await rig.subscription('denied')).push?.state).toBe('active');
  });

  it('renews the lease before it runs out, on the same callback', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic, callback } = await subscribedAndVerified('renewed', '/renewed.xml');
    const pushNow = async (title: string) => {
      expect(await hub.publish(topic, rss({ hubUrl: hub.url, selfUrl: topic, titles: [title] }))).toEqual([204]);
    };

    // Ten days granted: renewal is due when one day is left (10 %, capped at a day). Pushes keep
    // arriving, so push is live throughout and only the lease asks for the hub.
    rig.advance(8.5 * DAY);
    await pushNow('Pushed on day eight');
    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, hubRequests: 0 });
    const beforeRenewal = await rig.subscription('renewed');
    expect(Date.parse(beforeRenewal.nextFetchAt)).toBe(Date.parse(beforeRenewal.push?.leaseExpiresAt ?? '') - DAY);
    rig.advance(0.6 * DAY);
    await pushNow('Pushed on day nine');
    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, hubRequests: 1 });
    const [, renewal] = await hub.verificationsDone(2);
    expect(renewal).toMatchObject({ confirmed: true, request: { mode: 'subscribe', callback } });
    const renewed = await rig.subscription('renewed');
    expect(renewed.push?.state).toBe('active');
    expect(Date.parse(renewed.push?.leaseExpiresAt ?? '')).toBe(rig.time + REQUESTED_LEASE_SECONDS * 1000);
    expect(renewed.push?.token).toBe(beforeRenewal.push?.token);
  });

  it('falls back to the normal cadence when the lease expires unrenewed, and re-subscribes', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    hub.grantedLeaseSeconds = 3_600;
    await subscribedAndVerified('expiring', '/expiring.xml');
    await rig.poller.pollNow(['expiring']);
    // A one-hour lease: the backstop poll comes back in time to renew it.
    const live = await rig.subscription('expiring');
    expect(Date.parse(live.nextFetchAt) - rig.time).toBeLessThanOrEqual(54 * MINUTE);

    hub.refuseWith = 503;
    rig.advance(61 * MINUTE);
    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, failed: 0, hubRequests: 1 });
    const expired = await rig.subscription('expiring');
    expect(expired.push).toMatchObject({ state: 'failed', lastError: { kind: 'websub-hub', status: 503 } });
    expect(Date.parse(expired.nextFetchAt) - rig.time).toBeLessThanOrEqual(NORMAL_CADENCE_MAX);

    hub.refuseWith = undefined;
    rig.advance(61 * MINUTE);
    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, hubRequests: 1 });
    await hub.verificationsDone(2);
    expect((await rig.subscription('expiring')).push?.state).toBe('active');
  });

  it('keeps polling when the hub is unreachable, with the error recorded on the subscription', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const unreachable = await closedPortUrl();
    const topic = serveHubbedFeed('/unreachable-hub.xml', unreachable, ['Still polled']);
    await rig.subscriptions.add({ id: 'lonely', url: topic, topics: [] }, new Date(rig.time - 1_000));

    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, changed: 1, failed: 0, itemsCreated: 1, hubRequests: 1 });
    expect(await rig.titles()).toEqual(['Still polled']);
    const subscription = await rig.subscription('lonely');
    expect(subscription).toMatchObject({ consecutiveErrors: 0, hub: { hubUrl: unreachable, topicUrl: topic } });
    expect(subscription.push).toMatchObject({ state: 'failed', lastError: { kind: 'websub-hub' } });
    expect(subscription.push?.lastError?.message).toContain(unreachable);
    expect(Date.parse(subscription.nextFetchAt) - rig.time).toBeLessThanOrEqual(NORMAL_CADENCE_MAX);
    expect(describeSubscription(subscription).at(-1)).toMatch(new RegExp(`^    websub: failed at ${unreachable}: .*${unreachable}`));
  });

  it('unsubscribes at the hub when the feed is gone (410), and the callback confirms it', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic, callback } = await subscribedAndVerified('vanished', '/vanished.xml');
    feeds.status('/vanished.xml', 410);
    rig.advance(2 * DAY);
    expect(await rig.poller.runDue()).toMatchObject({ polled: 1, gone: 1 });
    const [, unsubscribe] = await hub.verificationsDone(2);
    expect(unsubscribe).toMatchObject({ confirmed: true, request: { mode: 'unsubscribe', topic, callback } });
    // The record of the request cannot be deleted by the callback: DynamoDB's TTL removes it a week on.
    expect(await rig.pendingUnsubscribes('vanished')).toEqual([expect.objectContaining({ expiresAt: Math.floor(rig.time / 1000) + 7 * 24 * 60 * 60 })]);
    expect(await hub.publish(topic, rss({ hubUrl: hub.url, selfUrl: topic, titles: ['After the end'] }))).toEqual([]);
    // The pending unsubscribe was cleared by its verification: a replay of it confirms nothing.
    expect(await hub.verifyWith(callback, { 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.challenge': 'replayed' })).toMatchObject({ status: 404 });
  });

  it('feedline sub remove asks the hub to stop pushing, on the callback the hub knows', async () => {
    rig = await Rig.create();
    hub = await WebSubHubDouble.start();
    const { topic, callback } = await subscribedAndVerified('removed', '/removed.xml');
    await pointCliAtEmulators({ tableName: rig.tableName, feedServerUrl: `${rig.callbackUrl}/` });
    const output = captureOutput();
    try {
      expect(await main(['sub', 'remove', 'removed'])).toBe(0);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    expect(output.out()).toContain(`asked the hub ${hub.url} to stop pushing`);
    const [, unsubscribe] = await hub.verificationsDone(2);
    expect(unsubscribe).toMatchObject({ confirmed: true, request: { mode: 'unsubscribe', topic, callback } });
    expect(await hub.verifyWith(callback, { 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.challenge': 'replayed' })).toMatchObject({ status: 404 });
    // Content the hub still had in flight for the removed subscription is refused.
    expect(await hub.publish(topic, rss({ hubUrl: hub.url, selfUrl: topic, titles: ['Too late'] }))).toEqual([]);
  });
});
