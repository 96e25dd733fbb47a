import { performance } from 'node:perf_hooks';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { ALL_FEED, FEED_FORMATS, feedObjectKey, feedsOfPost, type FeedId } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { createPublishPipeline, type PublishPipeline } from '../shared/publish/publish-pipeline.ts';
import { STREAM_EVENT_SOURCE } from '../shared/publish/stream/stream-event-source.ts';
import { stackEventSourceSettings } from '../local/stream-pump/event-source-settings.ts';
import { PostStore } from '../shared/store/post-store.ts';
import { POST_RECORD_FILTER_PATTERN } from '../shared/store/table-design.ts';
import { createBucket, createTable } from '../local/bootstrap.ts';
import type { FailedBatch, StreamHandler } from '../local/stream-pump/batch-delivery.ts';
import { StreamPump } from '../local/stream-pump/stream-pump.ts';
import { startBenchEmulators, type BenchEmulators } from './bench-emulators.ts';
import { warningsOnlyEventLog, warningsOnlyJsonLog } from './bench-log.ts';
import { benchPost, benchTopics, topicOf } from './bench-posts.ts';
import { BENCH_SITE } from './bench-site.ts';
import { formatCount, formatMs, formatRate, formatRatio, formatSummary, summarise } from './bench-stats.ts';
import { postIdsOfJsonFeed } from './json-feed-ids.ts';
import { CallRecorder } from './call-recorder.ts';
import { errorFields } from '../shared/errors/error-description.ts';

const BURST_POSTS = 500;
const TOPIC_COUNT = 5;
const WRITES_IN_FLIGHT = 16;
const DRAIN_TIMEOUT_MS = 120_000;
const TABLE_NAME = 'bench-burst';
const BUCKET_NAME = 'bench-burst-feeds';
const FIRST_PUBLISHED_AT = new Date('2026-01-01T00:00:00Z');

/** One handler invocation as the bench saw it. */
interface Invocation {
  records: number;
  regenerations: number;
  failedFeeds: number;
  /** index.html was rewritten after the feeds. */
  indexWritten: boolean;
  startedAt: number;
  finishedAt: number;
}

/**
 * A burst of posts through the real stream path: DynamoDB Local's stream, the pump with the
 * stack's batch size and batching window, and the publish pipeline the Lambda handler wires
 * (built here with an S3 client we can count PUTs on; the handler module builds its own).
 */
export async function runBurstBench(): Promise<void> {
  const emulators = await startBenchEmulators();
  let pump: StreamPump | undefined;
  try {
    await createTable(emulators.clients.dynamoDb, TABLE_NAME);
    await createBucket(emulators.clients.s3, BUCKET_NAME);
    const s3Calls = CallRecorder.attachTo(emulators.clients.s3);
    const dynamoDbCalls = CallRecorder.attachTo(emulators.clients.dynamoDb);
    const pipeline = createPublishPipeline({
      clients: emulators.clients,
      tableName: TABLE_NAME,
      bucketName: BUCKET_NAME,
      site: BENCH_SITE,
      log: warningsOnlyEventLog,
    });
    const invocations: Invocation[] = [];
    const failedBatches: FailedBatch[] = [];
    pump = await startPump(emulators, countingHandler(pipeline, invocations), failedBatches);
    const posts = burstPosts();
    const startedAt = performance.now();
    await writeAll(new PostStore(emulators.clients.documents, TABLE_NAME), posts);
    const writtenAt = performance.now();
    await pump.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
    const drainedAt = performance.now();
    if (failedBatches.length > 0) {
      throw new Error(`${failedBatches.length} stream batches went to the on-failure destination: ${failedBatches[0]?.reason}`);
    }
    const feeds = await checkFeedsAreCurrent(emulators.clients.s3, posts);
    printReport({ posts, invocations, s3Calls, dynamoDbCalls, feeds, startedAt, writtenAt, drainedAt });
  } finally {
    try {
      await pump?.stop();
    } finally {
      await emulators.stop();
    }
  }
}

/**
 * What `functions/stream/handler.ts` does with a batch (process it, then refresh index.html when a
 * feed was written), observed. That module builds its own clients, so its PUTs cannot be counted.
 */
function countingHandler(pipeline: PublishPipeline, invocations: Invocation[]): StreamHandler {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const startedAt = performance.now();
    const outcome = await pipeline.streamProcessor.process(event.Records);
    const wroteFeed = outcome.published.some((result) => result.written.length > 0);
    const indexWritten = wroteFeed && (await refreshSiteIndex(pipeline));
    invocations.push({
      records: event.Records.length,
      regenerations: outcome.published.length,
      failedFeeds: outcome.failedFeeds.length,
      indexWritten,
      startedAt,
      finishedAt: performance.now(),
    });
    return outcome.response;
  };
}

/** As in the handler, a stale index page never fails the batch; it is reported, not hidden. */
async function refreshSiteIndex(pipeline: PublishPipeline): Promise<boolean> {
  try {
    return await pipeline.siteIndex.publish();
  } catch (error) {
    warningsOnlyEventLog.warn('site index not refreshed; feeds are published', { error: errorFields(error) });
    return false;
  }
}

/** The pump with the event source mapping of the stack, as `npm start` runs it. */
function startPump(emulators: BenchEmulators, handler: StreamHandler, failedBatches: FailedBatch[]): Promise<StreamPump> {
  return StreamPump.start({
    dynamoDb: emulators.clients.dynamoDb,
    streams: emulators.streams,
    tableName: TABLE_NAME,
    handler,
    filterPatterns: [POST_RECORD_FILTER_PATTERN],
    ...stackEventSourceSettings(),
    onFailure: (failure) => {
      failedBatches.push(failure);
    },
    log: warningsOnlyJsonLog,
  });
}

/** One second apart, so every feed's expected order is known in advance. */
function burstPosts(): Post[] {
  const topics = benchTopics(TOPIC_COUNT);
  return Array.from({ length: BURST_POSTS }, (_, index) =>
    benchPost({
      id: `burst-${String(index).padStart(4, '0')}`,
      publishedAt: new Date(FIRST_PUBLISHED_AT.getTime() + index * 1000),
      topic: topicOf(index, topics),
    }),
  );
}

async function writeAll(store: PostStore, posts: readonly Post[]): Promise<void> {
  const results = await mapWithConcurrency(posts, WRITES_IN_FLIGHT, (post) => store.put(post));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${posts.length} post writes failed`);
}

/** Every feed's JSON Feed must list exactly its newest posts, newest first; returns the feeds checked. */
async function checkFeedsAreCurrent(s3: S3Client, posts: readonly Post[]): Promise<FeedId[]> {
  const expected = new Map<FeedId, string[]>();
  for (const post of [...posts].reverse()) {
    for (const feedId of feedsOfPost(post)) {
      const ids = expected.get(feedId) ?? [];
      if (ids.length < BENCH_SITE.itemsPerFeed) ids.push(post.id);
      expected.set(feedId, ids);
    }
  }
  for (const [feedId, ids] of expected) {
    const result = await s3.send(new GetObjectCommand({ Bucket: BUCKET_NAME, Key: feedObjectKey(feedId, 'json') }));
    const listed = postIdsOfJsonFeed((await result.Body?.transformToString('utf-8')) ?? '');
    if (listed.join() !== ids.join()) {
      throw new Error(`feed ${feedId} is not current after the burst: lists ${listed.slice(0, 3).join(', ')}…, expected ${ids.slice(0, 3).join(', ')}…`);
    }
  }
  return [...expected.keys()];
}

interface BurstReport {
  posts: readonly Post[];
  invocations: readonly Invocation[];
  s3Calls: CallRecorder;
  dynamoDbCalls: CallRecorder;
  feeds: readonly FeedId[];
  startedAt: number;
  writtenAt: number;
  drainedAt: number;
}

function printReport(report: BurstReport): void {
  const { posts, invocations } = report;
  const topicsPerPost = posts[0]?.topics.length ?? 0;
  const naivePuts = posts.length * (1 + topicsPerPost) * FEED_FORMATS.length;
  const regenerations = invocations.reduce((sum, invocation) => sum + invocation.regenerations, 0);
  const failedFeeds = invocations.reduce((sum, invocation) => sum + invocation.failedFeeds, 0);
  const handlerBusyMs = invocations.reduce((sum, invocation) => sum + invocation.finishedAt - invocation.startedAt, 0);
  const lastFinishedAt = Math.max(...invocations.map((invocation) => invocation.finishedAt));
  const writeMs = report.writtenAt - report.startedAt;
  const puts = report.s3Calls.count('PutObjectCommand');
  const indexPuts = invocations.filter((invocation) => invocation.indexWritten).length;
  const feedPuts = puts - indexPuts;
  console.log(
    `Wrote ${formatCount(posts.length)} posts over ${TOPIC_COUNT} topics (1 topic each, ${WRITES_IN_FLIGHT} PutItems in flight) in ${formatMs(writeMs)}` +
      ` (${formatRate(posts.length, writeMs, 'posts')}; PutItem ${formatSummary(summarise(report.dynamoDbCalls.durationsOf('PutItemCommand')))}); batch size ${STREAM_EVENT_SOURCE.batchSize}, batching window ${STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds} s`,
  );
  console.log(`  handler invocations: ${invocations.length} (records each: ${invocations.map((invocation) => invocation.records).join(', ')})`);
  console.log(`  feed regenerations:  ${regenerations} across ${report.feeds.length} feeds (${ALL_FEED} + ${TOPIC_COUNT} topics); failed: ${failedFeeds}`);
  console.log(
    `  S3 PutObject calls:  ${formatCount(puts)} (${formatCount(feedPuts)} feed files + ${indexPuts} index.html),` +
      ` vs naive ${formatCount(posts.length)} posts × (1 + ${topicsPerPost}) feeds × ${FEED_FORMATS.length} formats` +
      ` = ${formatCount(naivePuts)} feed files: ${formatRatio(naivePuts, feedPuts)} fewer`,
  );
  console.log(
    `  all ${report.feeds.length} feeds current ${formatMs(lastFinishedAt - report.startedAt)} after the first write` +
      ` (last handler invocation done; drain() confirmed at ${formatMs(report.drainedAt - report.startedAt)})`,
  );
  console.log(`  handler busy ${formatMs(handlerBusyMs)} of that; the rest is stream polling and the batching window`);
  printHandlerCalls(report.dynamoDbCalls, report.s3Calls);
  console.log(`  checked: every feed's feed.json lists its newest ${BENCH_SITE.itemsPerFeed} posts in order`);
}

/** Where the handler's time went, call by call; regenerations overlap, so their sums exceed wall time. */
function printHandlerCalls(dynamoDbCalls: CallRecorder, s3Calls: CallRecorder): void {
  const calls = (recorder: CallRecorder, command: string, label: string) =>
    `${label} ${recorder.count(command)} calls, ${formatMs(recorder.totalMs(command))}`;
  console.log(`  in the handler: ${calls(dynamoDbCalls, 'BatchWriteItemCommand', 'membership BatchWriteItem')} (in sequence);`);
  console.log(
    `    summed over feed regenerations (4 at a time) and index refreshes: ${calls(dynamoDbCalls, 'QueryCommand', 'Query')},` +
      ` ${calls(s3Calls, 'HeadObjectCommand', 'HEAD')}, ${calls(s3Calls, 'PutObjectCommand', 'PUT')}`,
  );
}
