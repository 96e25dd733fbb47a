import { performance } from 'node:perf_hooks';
import { ALL_FEED, feedsOfPost } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { WHOLE_HISTORY } from '../shared/publish/archive/archive-publisher.ts';
import type { FeedPublishResult } from '../shared/publish/feed-publisher.ts';
import { createPublishPipeline, type PublishPipeline } from '../shared/publish/publish-pipeline.ts';
import { ArchiveDirectory, type ArchivePage } from '../shared/store/archive-directory.ts';
import { membershipSortKey } from '../shared/store/table-design.ts';
import { createBucket } from '../local/bootstrap.ts';
import { startBenchEmulators } from './bench-emulators.ts';
import { warningsOnlyEventLog } from './bench-log.ts';
import { benchTopics } from './bench-posts.ts';
import { BENCH_SITE } from './bench-site.ts';
import { formatCount, formatMs, formatSummary, summarise } from './bench-stats.ts';
import { CallRecorder } from './call-recorder.ts';
import { createTableWithoutStream, fillTable } from './table-fill.ts';

const HISTORY_POSTS = 10_000;
const EDIT_RUNS = 20;
const TABLE_NAME = 'bench-archive';
const BUCKET_NAME = 'bench-archive-feeds';

/**
 * RFC 5005 archives of the site-wide feed with 10,000 posts: the full-history rebuild from an empty
 * bucket (every page closed, rendered and written), the same rebuild when nothing changed, and one
 * edit of an old post (membership write, subscription document, the page holding it).
 */
export async function runArchiveBench(): Promise<void> {
  const emulators = await startBenchEmulators();
  try {
    const { clients } = emulators;
    await createTableWithoutStream(clients.dynamoDb, TABLE_NAME);
    await createBucket(clients.s3, BUCKET_NAME);
    const pipeline = createPublishPipeline({ clients, tableName: TABLE_NAME, bucketName: BUCKET_NAME, site: BENCH_SITE, log: warningsOnlyEventLog });
    const fill = await fillTable({
      documents: clients.documents,
      memberships: pipeline.memberships,
      tableName: TABLE_NAME,
      topics: benchTopics(20),
      posts: HISTORY_POSTS,
      concurrency: 8,
      firstPublishedAt: new Date('2020-01-01T00:00:00Z'),
    });
    console.log(`Filled ${formatCount(fill.posts)} posts in ${formatMs(fill.ms)}; feed "${ALL_FEED}" holds them all, ${BENCH_SITE.itemsPerFeed} items a page.`);
    const s3Calls = CallRecorder.attachTo(clients.s3);
    await timeRebuild(pipeline, s3Calls, 'Full-history rebuild, empty bucket (closes and writes every page)');
    await timeRebuild(pipeline, s3Calls, 'Full-history rebuild again, nothing changed (renders every page, PUTs none)');
    const directory = new ArchiveDirectory(clients.documents, TABLE_NAME);
    const pages = await directory.pages(ALL_FEED);
    await timeEdits(pipeline, s3Calls, await pickOldPost(pipeline, pages));
  } finally {
    await emulators.stop();
  }
}

async function timeRebuild(pipeline: PublishPipeline, s3Calls: CallRecorder, title: string): Promise<void> {
  s3Calls.clear();
  const startedAt = performance.now();
  const result = await pipeline.publisher.publish(ALL_FEED, WHOLE_HISTORY);
  const ms = performance.now() - startedAt;
  const { archive } = result;
  console.log(
    `${title}: ${formatMs(ms)}; ${archive.pageCount} pages, ${archive.closed.length} closed now, ` +
      `${archive.written.length} written, ${archive.unchanged.length} unchanged; ` +
      `${s3Calls.count('PutObjectCommand')} PUTs, ${s3Calls.count('HeadObjectCommand')} HEADs`,
  );
}

/** A post from the middle of the history, as the table holds it. */
async function pickOldPost(pipeline: PublishPipeline, pages: ArchivePage[]): Promise<Post> {
  const page = pages[Math.floor(pages.length / 2)];
  if (!page) throw new Error(`feed ${ALL_FEED} has no archive pages; the rebuild should have closed ${HISTORY_POSTS / BENCH_SITE.itemsPerFeed - 1}`);
  const [post] = await pipeline.memberships.between(ALL_FEED, page.startSk, page.endSk);
  if (!post) throw new Error(`archive page ${page.pageNumber} of ${ALL_FEED} is empty`);
  return post;
}

/**
 * What the stream path does for one edited old post, timed end to end: the membership writes of
 * every feed it is in, then each feed regenerated with the changed key (subscription document
 * unchanged, the page holding the post rewritten).
 */
async function timeEdits(pipeline: PublishPipeline, s3Calls: CallRecorder, post: Post): Promise<void> {
  // Its topic feed's pages are closed first (untimed), so every run is the steady state.
  await Promise.all(feedsOfPost(post).map((feedId) => pipeline.publisher.publish(feedId, WHOLE_HISTORY)));
  const durations: number[] = [];
  const puts: number[] = [];
  const pagesWritten: number[] = [];
  for (let run = 1; run <= EDIT_RUNS; run += 1) {
    const edited = { ...post, title: `${post.title} (correction ${run})` };
    s3Calls.clear();
    const startedAt = performance.now();
    const feeds = feedsOfPost(edited);
    await pipeline.memberships.apply(feeds.map((feedId) => ({ kind: 'put' as const, feedId, post: edited })));
    const results = await Promise.all(
      feeds.map((feedId) => pipeline.publisher.publish(feedId, { kind: 'changes', sortKeys: [membershipSortKey(edited.publishedAt, edited.id)] })),
    );
    durations.push(performance.now() - startedAt);
    puts.push(s3Calls.count('PutObjectCommand'));
    pagesWritten.push(countPages(results));
  }
  console.log(
    `One edit of an old post (${EDIT_RUNS} runs; feeds ${feedsOfPost(post).join(', ')}): ${formatSummary(summarise(durations))}; ` +
      `per edit ${range(puts)} PUTs, ${range(pagesWritten)} archive page(s) written`,
  );
}

/** `3` when every run agrees, `3–6` otherwise. */
function range(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? String(low) : `${low}–${high}`;
}

function countPages(results: FeedPublishResult[]): number {
  return results.reduce((sum, result) => sum + result.archive.written.length, 0);
}
