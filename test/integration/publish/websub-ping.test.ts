import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../local/emulators/json-line-log.ts';
import { LOCAL_STREAM_FUNCTION, localLambdaContext } from '../../../local/lambda-context.ts';
import { LOCAL_REGION, startLocalPipeline, type LocalPipeline } from '../../../local/local-pipeline.ts';
import { FEED_FORMATS, feedObjectKey, topicFeedId, type FeedId } from '../../../shared/feed/feed-id.ts';
import { COUNT_METRICS } from '../../../shared/observability/pipeline-metrics.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { buildFeedDocument } from '../../../shared/feed/build-feed-document.ts';
import { postKey } from '../../../shared/store/table-design.ts';
import { HubNotifier } from '../../../shared/websub/hub-notifier.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { CollectingMetrics } from '../../support/collecting-metrics.ts';
import { makePost } from '../../support/post-factory.ts';
import { RecordingHub } from '../../support/recording-hub.ts';
import { testSite } from '../../support/test-site.ts';

/** The stream handler's settle deadline (HUB_PING_SETTLE_MS in shared/publish/publish-stream-batch.ts). */
const HANDLER_SETTLE_MS = 5_000;

let hub: RecordingHub;
let pipeline: LocalPipeline;
const pipelineLog: LogEntry[] = [];
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  hub = await RecordingHub.start();
  // `npm start` with FEEDLINE_WEBSUB_HUBS set: the stream handler module reads the hub from its environment.
  pipeline = await startLocalPipeline({ port: 0, seedSamplePosts: false, websubHubUrls: [hub.url], log: (entry) => pipelineLog.push(entry) });
  // A running `npm start` has published its sample posts before anyone puts one: the first
  // invocation's one-off costs (SDK and renderer warm-up, first objects) are not what we measure.
  await pipeline.posts.put(makePost({ id: 'websub-warm-up', topics: [{ slug: 'kazakhstan', label: 'Kazakhstan' }] }));
  await pipeline.drain();
});

afterAll(async () => {
  await pipeline?.stop();
  await hub?.close();
});

beforeEach(() => {
  hub.requests.length = 0;
  hub.behaviour = () => 204;
  output = captureOutput();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function feedsOf(post: Post): FeedId[] {
  return ['all', ...post.topics.map((topic) => topicFeedId(topic.slug))];
}

function topicUrls(feedIds: FeedId[]): string[] {
  return feedIds.flatMap((feedId) => FEED_FORMATS.map((format) => new URL(feedObjectKey(feedId, format), pipeline.state.feedServerUrl).href)).sort();
}

/** The handler's Powertools log lines (JSON; warnings and errors on stderr) with this message. */
function handlerLines(message: string): Record<string, unknown>[] {
  return `${output.out()}\n${output.err()}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === message);
}

function failedBatches(): LogEntry[] {
  return pipelineLog.filter((entry) => entry.level === 'error' || /failed batch/i.test(entry.message));
}

describe('WebSub publish pings from the local pipeline', () => {
  it('reach the hub within a second of the put, one valid ping per changed topic', async () => {
    const post = makePost({ id: 'websub-first', topics: [{ slug: 'kazakhstan', label: 'Kazakhstan' }] });
    const expected = topicUrls(feedsOf(post));

    const putAt = Date.now();
    await pipeline.posts.put(post);
    await vi.waitFor(() => expect(hub.requests.length).toBeGreaterThanOrEqual(expected.length), { timeout: 5_000, interval: 10 });

    expect(hub.requests.map((request) => request.form.get('hub.url')).sort()).toEqual(expected);
    // The done-criterion of issue 5: every ping is at the hub within a second of the put.
    expect(Math.max(...hub.requests.map((request) => request.receivedAt - putAt))).toBeLessThan(1_000);
    for (const request of hub.requests) {
      expect(request.method).toBe('POST');
      expect(request.contentType).toBe('application/x-www-form-urlencoded');
      expect(request.form.get('hub.mode')).toBe('publish');
    }
    // The ping comes after the write: the topic already serves the new post when the hub fetches it.
    const topic = expected.find((url) => url.endsWith('/feeds/all/feed.json'))!;
    const served = (await (await fetch(topic)).json()) as { items: { url: string }[] };
    expect(served.items.map((item) => item.url)).toContain(post.url);
  });

  it('sends no ping when the feeds were regenerated to unchanged bytes', async () => {
    const post = makePost({ id: 'websub-unchanged', topics: [] });
    await pipeline.posts.put(post);
    await pipeline.drain();
    await vi.waitFor(() => expect(hub.requests).toHaveLength(3), { timeout: 5_000, interval: 10 });
    hub.requests.length = 0;

    // An identical put: DynamoDB writes no stream record, so nothing runs at all.
    await pipeline.posts.put(post);
    await pipeline.drain();
    // Lambda delivers at least once: the same record again regenerates the feeds, all unchanged.
    const { handler } = await import('../../../functions/stream/handler.ts');
    const response = await handler(redeliveredInsert(post), localLambdaContext(LOCAL_STREAM_FUNCTION, { region: LOCAL_REGION }));

    expect(response.batchItemFailures).toEqual([]);
    expect(handlerLines('stream batch done').at(-1)).toMatchObject({ feedsPublished: ['all'] });
    expect(hub.requests).toEqual([]);
  });

  it('retries a ping the hub answered with 500, and the retry is accepted', async () => {
    hub.behaviour = (earlier) => (earlier.length === 0 ? 500 : 204);
    const post = makePost({ id: 'websub-retried', topics: [] });

    await pipeline.posts.put(post);
    await pipeline.drain();

    for (const topic of topicUrls(['all'])) expect(hub.requestsFor(topic).map((request) => request.answer)).toEqual([500, 204]);
    const retries = handlerLines('websub ping attempt failed; retrying');
    expect(retries).toHaveLength(3);
    expect(retries[0]).toMatchObject({ hub: hub.url, attempt: 1, status: 500, feedId: 'all' });
    expect(handlerLines('websub ping given up')).toEqual([]);
  });

  it('a hub that never answers costs the batch at most the settle deadline: the feeds are published, the pings logged as abandoned', async () => {
    hub.behaviour = () => 'hang';
    const post = makePost({ id: 'websub-dead-hub', topics: [] });

    const putAt = Date.now();
    await pipeline.posts.put(post);
    await pipeline.drain();
    const batchMs = Date.now() - putAt;

    expect(batchMs).toBeLessThan(HANDLER_SETTLE_MS + 4_000);
    expect(failedBatches()).toEqual([]);
    const served = (await (await fetch(topicUrls(['all']).find((url) => url.endsWith('feed.json'))!)).json()) as { items: { url: string }[] };
    expect(served.items.map((item) => item.url)).toContain(post.url);
    const abandoned = handlerLines('websub ping abandoned at the settle deadline');
    expect(abandoned.map((line) => line.topic).sort()).toEqual(topicUrls(['all']));
    expect(abandoned[0]).toMatchObject({ hub: hub.url, settleMs: HANDLER_SETTLE_MS, attempt: expect.any(Number) });
    expect(handlerLines('websub ping attempt failed; retrying')[0]).toMatchObject({ error: { name: 'PingTimeoutError' } });
  });
});

describe('HubNotifier against hubs that fail for real', () => {
  const site = testSite();
  const change = { feedId: 'all', document: buildFeedDocument('all', [], site), written: [...FEED_FORMATS] };
  const fastRetries = { baseDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 500 };

  it('gives up on a hub that refuses connections within the deadline, logging and counting each ping', async () => {
    const closedPort = await portNobodyListensOn();
    const log = new CollectingLog();
    const metrics = new CollectingMetrics();
    const notifier = new HubNotifier({ hubUrls: [`http://127.0.0.1:${closedPort}/hub`], log, metrics, retry: fastRetries });

    notifier.feedChanged(change);
    const report = await notifier.settle(5_000);

    expect(report).toEqual({ abandoned: 0 });
    expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(3);
    expect(metrics.total(COUNT_METRICS.websubPingsSent)).toBe(0);
    const givenUp = log.withMessage('websub ping given up');
    expect(givenUp).toHaveLength(3);
    expect(givenUp[0]?.attributes).toMatchObject({ attempt: 4, reason: 'attempts exhausted', error: { cause: expect.stringContaining('ECONNREFUSED') } });
  });

  it('counts a ping still failing with 500 at the deadline as abandoned, and settle returns on time', async () => {
    const failing = await RecordingHub.start();
    failing.behaviour = () => 500;
    const log = new CollectingLog();
    const metrics = new CollectingMetrics();
    const notifier = new HubNotifier({ hubUrls: [failing.url], log, metrics, retry: { ...fastRetries, maxAttempts: 1_000 } });
    try {
      notifier.feedChanged(change);
      const started = Date.now();
      const report = await notifier.settle(400);

      expect(Date.now() - started).toBeLessThan(2_000);
      expect(report).toEqual({ abandoned: 3 });
      expect(metrics.total(COUNT_METRICS.websubPingsFailed)).toBe(3);
      expect(log.withMessage('websub ping attempt failed; retrying')[0]?.attributes).toMatchObject({ hub: failing.url, status: 500, attempt: 1 });
      // Requests already on the wire may still land; after that, no retry is ever started again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const landed = failing.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(failing.requests.length).toBe(landed);
    } finally {
      await failing.close();
    }
  });
});

/** A stream record as Lambda would deliver it again after a retry: the post's insert. */
function redeliveredInsert(post: Post): DynamoDBStreamEvent {
  const item = { ...postKey(post.id), ...post };
  return {
    Records: [
      {
        eventID: `redelivered-${post.id}`,
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/feedline-posts/stream/redelivery',
        awsRegion: 'us-east-1',
        dynamodb: {
          Keys: marshall(postKey(post.id)) as never,
          NewImage: marshall(item, { removeUndefinedValues: true }) as never,
          SequenceNumber: '1',
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

async function portNobodyListensOn(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
