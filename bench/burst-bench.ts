import { performance } from 'node:perf_hooks';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { FEED_FORMATS, feedObjectKey, feedsOfPost, type FeedId } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { createPublishPipeline, type PublishPipeline } from '../shared/publish/publish-pipeline.ts';
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
import { postIdsOfFeedDocument } from './feed-document-ids.ts';
import { CallRecorder } from './call-recorder.ts';
import { errorFields } from '../shared/errors/error-description.ts';
import { printBurstClosingNote, printBurstFigures, type BurstFigures } from './burst-report.ts';

const WRITES_IN_FLIGHT = 16;
const DRAIN_TIMEOUT_MS = 600_000;
const TABLE_NAME = 'bench-burst';
const BUCKET_NAME = 'bench-burst-feeds';
const FIRST_PUBLISHED_AT = new Date('2026-01-01T00:00:00Z');

export interface BurstBenchOptions {
  /** One burst per size, each against fresh emulators. */
  sizes: readonly number[];
  topicCount: number;
}

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

/** Wall time spent in `memberships.apply`, whatever it does inside (overlapping calls count once each). */
interface MembershipTiming {
  wallMs: number;
}

/**
 * Bursts of posts through the real stream path: DynamoDB Local's stream, the pump with the stack's
 * event source settings, and the publish pipeline the Lambda handler wires (built here with clients
 * we can count calls on; the handler module builds its own). Closes with before/after figures.
 */
export async function runBurstBench(options: BurstBenchOptions): Promise<void> {
  const measured: BurstFigures[] = [];
  for (const size of options.sizes) {
    const figures = await runOneBurst(size, options.topicCount);
    printBurstFigures(figures);
    measured.push(figures);
  }
  printBurstClosingNote(measured);
}

async function runOneBurst(size: number, topicCount: number): Promise<BurstFigures> {
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
    const membershipTiming = timeMembershipWrites(pipeline);
    const invocations: Invocation[] = [];
    const failedBatches: FailedBatch[] = [];
    pump = await startPump(emulators, countingHandler(pipeline, invocations), failedBatches);
    const posts = burstPosts(size, topicCount);
    const startedAt = performance.now();
    await writeAll(new PostStore(emulators.clients.documents, TABLE_NAME), posts);
    const writtenAt = performance.now();
    await pump.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
    if (failedBatches.length > 0) {
      throw new Error(`${failedBatches.length} stream batches went to the on-failure destination: ${failedBatches[0]?.reason}`);
    }
    // Counted before the check, whose GETs are the bench's, not the pipeline's.
    const heads = s3Calls.count('HeadObjectCommand');
    const puts = s3Calls.count('PutObjectCommand');
    const feeds = await checkFeedsAreCurrent(emulators.clients.s3, posts);
    return {
      posts: posts.length,
      topics: topicCount,
      feeds: feeds.length,
      writeMs: writtenAt - startedAt,
      currentMs: Math.max(...invocations.map((invocation) => invocation.finishedAt)) - startedAt,
      invocations: invocations.length,
      largestBatch: Math.max(...invocations.map((invocation) => invocation.records)),
      regenerations: sum(invocations.map((invocation) => invocation.regenerations)),
      failedFeeds: sum(invocations.map((invocation) => invocation.failedFeeds)),
      handlerBusyMs: sum(invocations.map((invocation) => invocation.finishedAt - invocation.startedAt)),
      heads,
      puts,
      indexPuts: invocations.filter((invocation) => invocation.indexWritten).length,
      queries: dynamoDbCalls.count('QueryCommand'),
      membershipCalls: dynamoDbCalls.count('BatchWriteItemCommand'),
      membershipSummedMs: dynamoDbCalls.totalMs('BatchWriteItemCommand'),
      membershipWallMs: membershipTiming.wallMs,
      putItem: dynamoDbCalls.durationsOf('PutItemCommand'),
      itemsPerFeed: BENCH_SITE.itemsPerFeed,
    };
  } finally {
    try {
      await pump?.stop();
    } finally {
      await emulators.stop();
    }
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Wraps the pipeline's membership store, so the report shows the batch's wait, not the calls' sum. */
function timeMembershipWrites(pipeline: PublishPipeline): MembershipTiming {
  const timing: MembershipTiming = { wallMs: 0 };
  const apply = pipeline.memberships.apply.bind(pipeline.memberships);
  pipeline.memberships.apply = async (writes) => {
    const startedAt = performance.now();
    try {
      return await apply(writes);
    } finally {
      timing.wallMs += performance.now() - startedAt;
    }
  };
  return timing;
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
function burstPosts(size: number, topicCount: number): Post[] {
  const topics = benchTopics(topicCount);
  return Array.from({ length: size }, (_, index) =>
    benchPost({
      id: `burst-${String(index).padStart(5, '0')}`,
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

/** Every feed, in every format, must list exactly its newest posts, newest first; returns the feeds checked. */
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
    for (const format of FEED_FORMATS) {
      const result = await s3.send(new GetObjectCommand({ Bucket: BUCKET_NAME, Key: feedObjectKey(feedId, format) }));
      const listed = postIdsOfFeedDocument(format, (await result.Body?.transformToString('utf-8')) ?? '');
      if (listed.join() !== ids.join()) {
        throw new Error(`feed ${feedId} (${format}) is not current after the burst: lists ${listed.slice(0, 3).join(', ')}…, expected ${ids.slice(0, 3).join(', ')}…`);
      }
    }
  }
  return [...expected.keys()];
}
