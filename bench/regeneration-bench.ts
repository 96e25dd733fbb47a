import { performance } from 'node:perf_hooks';
import type { AwsClients } from '../shared/aws/aws-clients.ts';
import { ALL_FEED, FEED_FORMATS, topicFeedId, type FeedId } from '../shared/feed/feed-id.ts';
import { buildFeedDocument } from '../shared/feed/build-feed-document.ts';
import { renderFeedFiles } from '../shared/feed/render-feed.ts';
import { createPublishPipeline, type PublishPipeline } from '../shared/publish/publish-pipeline.ts';
import { WHOLE_HISTORY } from '../shared/publish/archive/archive-publisher.ts';
import { membershipSortKey } from '../shared/store/table-design.ts';
import { createBucket } from '../local/bootstrap.ts';
import { startBenchEmulators } from './bench-emulators.ts';
import { warningsOnlyEventLog } from './bench-log.ts';
import { benchTopics, topicOf } from './bench-posts.ts';
import { BENCH_SITE } from './bench-site.ts';
import { formatCount, formatMs, formatRate, formatRatio, formatSummary, median, summarise } from './bench-stats.ts';
import { CallRecorder } from './call-recorder.ts';
import { createTableWithoutStream, fillTable, type FillReport } from './table-fill.ts';

const SMALL_TABLE_POSTS = 1_000;
const TOPIC_COUNT = 20;
const FILL_CONCURRENCY = 8;
const WARM_UP_RUNS = 5;
const MEASURED_RUNS = 20;
const TOPICS = benchTopics(TOPIC_COUNT);
/** The two feeds timed: the site-wide one (every post) and one topic (1 post in 20). */
const TIMED_FEEDS: readonly FeedId[] = [ALL_FEED, topicFeedId(topicOf(0, TOPICS).slug)];
const FIRST_PUBLISHED_AT = new Date('2020-01-01T00:00:00Z');
/** Past this, the report suggests a smaller large table. */
const SLOW_FILL_MS = 180_000;

export interface RegenerationBenchOptions {
  /** Posts in the large table (the small one always holds 1,000). */
  largeTablePosts: number;
}

/** One filled table with the publish pipeline over it, and what was measured on it. */
interface SizedTable {
  posts: number;
  pipeline: PublishPipeline;
  fill: FillReport;
  regenerationMs: Map<FeedId, number[]>;
  queryMs: Map<FeedId, number[]>;
  renderMs: Map<FeedId, number[]>;
}

/**
 * One feed regeneration (3 HEADs, a consistent query of the newest 50, render, 3 conditional PUTs)
 * on a table of 1,000 posts and on a large one. The query reads one feed's partition, so the
 * ratio should stay near 1 whatever the table holds. Both tables live in one DynamoDB Local and
 * their runs are interleaved, so warm-up and the machine's noise fall on both alike.
 */
export async function runRegenerationBench(options: RegenerationBenchOptions): Promise<void> {
  console.log(`Posts round-robin over ${TOPIC_COUNT} topics; per post: 1 post item + 2 membership items (all, its topic).`);
  const emulators = await startBenchEmulators();
  try {
    // Large first: DynamoDB Local's JVM warms up during it, so neither fill rate shows a cold start.
    const large = await prepareTable(emulators.clients, 'large', options.largeTablePosts);
    const small = await prepareTable(emulators.clients, 'small', SMALL_TABLE_POSTS);
    console.log(`Each figure: ${MEASURED_RUNS} regenerations after ${WARM_UP_RUNS} warm-ups, each one writing all 3 formats.`);
    const s3Calls = CallRecorder.attachTo(emulators.clients.s3);
    await measure([small, large], s3Calls);
    for (const table of [small, large]) printTable(table);
    printS3Calls(s3Calls);
    printRatios(small, large);
  } finally {
    await emulators.stop();
  }
}

async function prepareTable(clients: AwsClients, name: string, posts: number): Promise<SizedTable> {
  const tableName = `bench-regeneration-${name}`;
  const bucketName = `bench-regeneration-${name}-feeds`;
  await createTableWithoutStream(clients.dynamoDb, tableName);
  await createBucket(clients.s3, bucketName);
  const pipeline = createPublishPipeline({ clients, tableName, bucketName, site: BENCH_SITE, log: warningsOnlyEventLog });
  const fill = await fillTable({
    documents: clients.documents,
    memberships: pipeline.memberships,
    tableName,
    topics: TOPICS,
    posts,
    concurrency: FILL_CONCURRENCY,
    firstPublishedAt: FIRST_PUBLISHED_AT,
    onProgress: progressPrinter(posts),
  });
  console.log(
    `Filled ${formatCount(fill.posts)} posts (${formatCount(fill.items)} items) in ${formatMs(fill.ms)}:` +
      ` ${formatRate(fill.items, fill.ms, 'items')}, ${formatRate(fill.posts, fill.ms, 'posts')}`,
  );
  if (fill.ms > SLOW_FILL_MS) {
    console.log(`  (the fill took over ${SLOW_FILL_MS / 60_000} minutes; BENCH_LARGE_POSTS=30000 gives a quicker run with the same comparison)`);
  }
  await closeArchives(pipeline, posts);
  const byFeed = () => new Map<FeedId, number[]>(TIMED_FEEDS.map((feedId) => [feedId, []]));
  return { posts, pipeline, fill, regenerationMs: byFeed(), queryMs: byFeed(), renderMs: byFeed() };
}

/**
 * A filled table has no archive pages yet: the first regeneration of each feed would close them all
 * (the migration path, timed in the archive section). Done here, untimed, so the regenerations
 * measured are the steady state: the newest item edited, no page touched.
 */
export async function closeArchives(pipeline: PublishPipeline, posts: number): Promise<void> {
  const startedAt = performance.now();
  const results = await Promise.all(TIMED_FEEDS.map((feedId) => pipeline.publisher.publish(feedId, WHOLE_HISTORY)));
  const pages = results.map((result) => `${result.feedId} ${formatCount(result.archive.pageCount)}`).join(', ');
  console.log(`Archive pages of ${formatCount(posts)} posts closed and written first (untimed) in ${formatMs(performance.now() - startedAt)}: ${pages}`);
}

async function measure(tables: readonly SizedTable[], s3Calls: CallRecorder): Promise<void> {
  for (let run = 0; run < WARM_UP_RUNS + MEASURED_RUNS; run += 1) {
    if (run === WARM_UP_RUNS) s3Calls.clear();
    for (const table of tables) {
      for (const feedId of TIMED_FEEDS) {
        const ms = await timeOneRegeneration(table.pipeline, feedId);
        if (run >= WARM_UP_RUNS) table.regenerationMs.get(feedId)?.push(ms);
      }
    }
  }
  for (let run = 0; run < MEASURED_RUNS; run += 1) {
    for (const table of tables) {
      for (const feedId of TIMED_FEEDS) await timeQueryAndRender(table, feedId);
    }
  }
}

/** Shared by both tables, so every edit gives a title no feed has had before. */
let revision = 0;

/** Edits the feed's newest item first (untimed) so the render differs and all three PUTs happen. */
export async function timeOneRegeneration(pipeline: PublishPipeline, feedId: FeedId): Promise<number> {
  const touchedKey = await touchNewestItem(pipeline, feedId);
  const startedAt = performance.now();
  const result = await pipeline.publisher.publish(feedId, { kind: 'changes', sortKeys: [touchedKey] });
  const ms = performance.now() - startedAt;
  if (result.written.length !== FEED_FORMATS.length || result.itemCount !== BENCH_SITE.itemsPerFeed) {
    throw new Error(
      `regeneration of ${feedId} wrote [${result.written.join(', ')}] with ${result.itemCount} items; expected all formats and a full feed`,
    );
  }
  return ms;
}

/** Returns the membership key it wrote, as the stream path hands it to the publisher. */
async function touchNewestItem(pipeline: PublishPipeline, feedId: FeedId): Promise<string> {
  const [newest] = await pipeline.memberships.newest(feedId, 1);
  if (!newest) throw new Error(`feed ${feedId} has no items to edit`);
  revision += 1;
  await pipeline.memberships.apply([{ kind: 'put', feedId, post: { ...newest, title: `Revision ${revision} of ${newest.id}` } }]);
  return membershipSortKey(newest.publishedAt, newest.id);
}

/** The query and the render on their own, to show how much of a regeneration is S3. */
async function timeQueryAndRender(table: SizedTable, feedId: FeedId): Promise<void> {
  const queriedAt = performance.now();
  const posts = await table.pipeline.memberships.newest(feedId, BENCH_SITE.itemsPerFeed);
  const renderedAt = performance.now();
  renderFeedFiles(buildFeedDocument(feedId, posts, BENCH_SITE));
  table.queryMs.get(feedId)?.push(renderedAt - queriedAt);
  table.renderMs.get(feedId)?.push(performance.now() - renderedAt);
}

/** A line every fifth of a large fill, so a long wait shows it is moving. */
function progressPrinter(posts: number): ((written: number, elapsedMs: number) => void) | undefined {
  if (posts < 20_000) return undefined;
  const step = posts / 5;
  let nextReport = step;
  return (written, elapsedMs) => {
    if (written < nextReport || written >= posts) return;
    nextReport += step;
    console.log(`  … ${formatCount(written)} of ${formatCount(posts)} posts written after ${formatMs(elapsedMs)}`);
  };
}

function printTable(table: SizedTable): void {
  console.log(`Table with ${formatCount(table.posts)} posts:`);
  for (const feedId of TIMED_FEEDS) {
    const regeneration = summarise(table.regenerationMs.get(feedId) ?? []);
    const queryMs = median(table.queryMs.get(feedId) ?? []);
    const renderMs = median(table.renderMs.get(feedId) ?? []);
    console.log(
      `  ${feedLabel(feedId)} regeneration ${formatSummary(regeneration)}` +
        `  (alone: query ${formatMs(queryMs)}, render ${formatMs(renderMs)}; the rest is S3)`,
    );
  }
}

function printS3Calls(s3Calls: CallRecorder): void {
  const head = summarise(s3Calls.durationsOf('HeadObjectCommand'));
  const put = summarise(s3Calls.durationsOf('PutObjectCommand'));
  console.log(
    `S3 emulator calls in those regenerations (both tables): HEAD ${formatSummary(head)} (3 in parallel);` +
      ` PUT ${formatSummary(put)} (3 in parallel)`,
  );
}

function printRatios(small: SizedTable, large: SizedTable): void {
  console.log(`Ratio ${formatCount(large.posts)} posts / ${formatCount(small.posts)} posts:`);
  for (const feedId of TIMED_FEEDS) {
    const before = summarise(small.regenerationMs.get(feedId) ?? []);
    const after = summarise(large.regenerationMs.get(feedId) ?? []);
    const queryRatio = formatRatio(median(large.queryMs.get(feedId) ?? []), median(small.queryMs.get(feedId) ?? []));
    console.log(
      `  ${feedLabel(feedId)} regeneration median ${formatRatio(after.median, before.median)}, p95 ${formatRatio(after.p95, before.p95)}; query alone ${queryRatio}`,
    );
  }
}

function feedLabel(feedId: FeedId): string {
  const longest = Math.max(...TIMED_FEEDS.map((id) => id.length));
  return feedId.padEnd(longest);
}
