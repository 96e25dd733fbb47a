import { performance } from 'node:perf_hooks';
import { feedObjectKey } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { STREAM_EVENT_SOURCE } from '../shared/publish/stream/stream-event-source.ts';
import { startLocalPipeline, type LocalPipeline } from '../local/local-pipeline.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { benchPost, benchTopics, topicOf } from './bench-posts.ts';
import { formatMs, formatSummary, summarise } from './bench-stats.ts';
import { JsonFeedPoller } from './feed-poller.ts';

const MEASURED_POSTS = 50;
const POLL_INTERVAL_MS = 20;
const TIMEOUT_PER_POST_MS = 15_000;
const TOPICS = benchTopics(3);

/**
 * Post-to-feed latency of `npm start`: from just before the PutItem until the post is listed in
 * `feeds/all/feed.json` served by the local feed server. The stream handler is the real Lambda
 * module. With no batching window (as in the stack) the figure is the shard poll (every 100 ms;
 * Lambda's is about 250 ms), the handler's regeneration and the feed server's read.
 */
export async function runLatencyBench(): Promise<void> {
  const pipeline = await startLocalPipeline({ port: 0, seedSamplePosts: false, log: warningsOnlyJsonLog });
  try {
    const poller = new JsonFeedPoller(new URL(feedObjectKey('all', 'json'), pipeline.state.feedServerUrl));
    // The first post pays for cold code paths in the handler (first render, first S3 writes).
    await timePostToFeed(pipeline, poller, newestPost('latency-warm-up', 0));
    const latencies: number[] = [];
    const putItems: number[] = [];
    for (let index = 0; index < MEASURED_POSTS; index += 1) {
      const timing = await timePostToFeed(pipeline, poller, newestPost(`latency-${index}`, index));
      latencies.push(timing.latencyMs);
      putItems.push(timing.putItemMs);
    }
    printReport(latencies, putItems, poller.tornReads);
  } finally {
    await pipeline.stop();
  }
}

/** Published now, so it is the newest post and must head the `all` feed. */
function newestPost(id: string, index: number): Post {
  return benchPost({ id, publishedAt: new Date(), topic: topicOf(index, TOPICS) });
}

async function timePostToFeed(pipeline: LocalPipeline, poller: JsonFeedPoller, post: Post): Promise<{ latencyMs: number; putItemMs: number }> {
  const startedAt = performance.now();
  await pipeline.posts.put(post);
  const putItemMs = performance.now() - startedAt;
  await poller.waitForPost(post.id, { intervalMs: POLL_INTERVAL_MS, deadline: startedAt + TIMEOUT_PER_POST_MS });
  return { latencyMs: performance.now() - startedAt, putItemMs };
}

function printReport(latencies: readonly number[], putItems: readonly number[], tornReads: number): void {
  const latency = summarise(latencies);
  console.log(
    `${latency.count} posts put one at a time (after 1 untimed warm-up post), each polled for in feeds/all/feed.json every ${POLL_INTERVAL_MS} ms` +
      ` (batching window ${STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds} s):`,
  );
  console.log(`  post-to-feed latency: p50 ${formatMs(latency.median)}, p95 ${formatMs(latency.p95)}, max ${formatMs(latency.max)}, min ${formatMs(latency.min)}`);
  console.log(`  of which PutItem: ${formatSummary(summarise(putItems))}`);
  console.log(`  torn reads: ${tornReads} (200 with a body that is not JSON: s3rver writes objects in place, so a GET racing a PUT can see a partial file)`);
}
