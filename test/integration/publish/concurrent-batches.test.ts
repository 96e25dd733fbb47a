import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import { feedObjectKey, feedsOfPost, type FeedId } from '../../../shared/feed/feed-id.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { createPublishPipeline, type PublishPipeline } from '../../../shared/publish/publish-pipeline.ts';
import { STREAM_EVENT_SOURCE } from '../../../shared/publish/stream/stream-event-source.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { makePost } from '../../support/post-factory.ts';
import { enforceConditionalWrites } from '../../support/s3-fault-injection.ts';
import { testSite } from '../../support/test-site.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

/**
 * Lambda runs one invocation per shard at a time, times the mapping's parallelization factor; a
 * burst on a busy table spreads over several shards. Each concurrent batch runs in its own
 * execution environment, so each has its own pipeline (and its own remembered ETags).
 */
const SHARDS = 4;
const CONCURRENT_BATCHES = SHARDS * STREAM_EVENT_SOURCE.parallelizationFactor;
const ROUNDS = 3;
const POSTS_PER_BATCH = 8;
/** Lambda retries a batch's failed records; bounded here so a lost post fails the test rather than hanging it. */
const REDELIVERIES = 10;

const TOPICS = [
  { slug: 'detention', label: 'Detention' },
  { slug: 'press-freedom', label: 'Press freedom' },
];

/** An INSERT record as Lambda delivers it; posts interleave in time across the concurrent batches. */
function insertRecord(post: Post, sequenceNumber: number): DynamoDBRecord {
  const keys = { pk: `POST#${post.id}`, sk: 'POST' };
  return {
    eventID: `insert-${post.id}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: marshall(keys) as never,
      NewImage: marshall({ ...keys, ...post }, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(sequenceNumber).padStart(21, '0'),
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function burstPosts(): Post[] {
  return Array.from({ length: ROUNDS * CONCURRENT_BATCHES * POSTS_PER_BATCH }, (_, index) => {
    const at = new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString();
    return makePost({ id: `vigil-${String(index).padStart(3, '0')}`, topics: [TOPICS[index % 2]!], publishedAt: at, updatedAt: at });
  });
}

/** Round r, batch b: every CONCURRENT_BATCHES-th post, so each batch touches every feed. */
function batchOf(posts: readonly Post[], round: number, batch: number): Post[] {
  const roundPosts = posts.slice(round * CONCURRENT_BATCHES * POSTS_PER_BATCH, (round + 1) * CONCURRENT_BATCHES * POSTS_PER_BATCH);
  return roundPosts.filter((_, index) => index % CONCURRENT_BATCHES === batch);
}

/** Delivers a batch as Lambda would: again with the failed records, until none fail. */
async function deliver(pipeline: PublishPipeline, records: DynamoDBRecord[]): Promise<void> {
  let pending = records;
  for (let delivery = 0; pending.length > 0; delivery += 1) {
    if (delivery > REDELIVERIES) throw new Error(`records still failing after ${REDELIVERIES} redeliveries`);
    const outcome = await pipeline.streamProcessor.process(pending);
    const failed = new Set(outcome.response.batchItemFailures.map((failure) => failure.itemIdentifier));
    pending = pending.filter((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
  }
}

function postIdsOf(jsonFeed: string): string[] {
  const feed = JSON.parse(jsonFeed) as { items: { id: string }[] };
  return feed.items.map((item) => item.id.replace(/^.*:post\//, ''));
}

describe(`concurrent batches touching the same feeds (${CONCURRENT_BATCHES} at once: ${SHARDS} shards × parallelization factor ${STREAM_EVENT_SOURCE.parallelizationFactor})`, () => {
  let clients: AwsClients;
  let tableName: string;
  let bucketName: string;
  beforeEach(async () => {
    clients = createEmulatorClients();
    tableName = uniqueResourceName('race');
    bucketName = uniqueResourceName('race-feeds');
    await createTable(clients.dynamoDb, tableName);
    await createBucket(clients.s3, bucketName);
  });
  afterEach(() => destroyClients(clients));

  it('never lands an older document after a newer one and never loses a post', { timeout: 120_000 }, async () => {
    const landed = new Map<string, string[][]>();
    enforceConditionalWrites(clients.s3, (input: PutObjectCommandInput) => {
      if (!input.Key?.endsWith('/feed.json')) return;
      landed.set(input.Key, [...(landed.get(input.Key) ?? []), postIdsOf(String(input.Body))]);
    });
    const site = testSite({ itemsPerFeed: 200 });
    const log = new CollectingLog();
    const environments = Array.from({ length: CONCURRENT_BATCHES }, () => createPublishPipeline({ clients, tableName, bucketName, site, log }));
    const posts = burstPosts();
    let sequenceNumber = 0;

    for (let round = 0; round < ROUNDS; round += 1) {
      const batches = environments.map((_, batch) => batchOf(posts, round, batch).map((post) => insertRecord(post, (sequenceNumber += 1))));
      await Promise.all(environments.map((pipeline, batch) => deliver(pipeline, batches[batch]!)));
    }

    const expected = new Map<FeedId, string[]>();
    for (const post of [...posts].reverse()) for (const feedId of feedsOfPost(post)) expected.set(feedId, [...(expected.get(feedId) ?? []), post.id]);
    for (const [feedId, ids] of expected) {
      const versions = landed.get(feedObjectKey(feedId, 'json')) ?? [];
      // Posts only arrive: every document that lands must list all the posts the one before it did.
      versions.forEach((listed, index) => {
        const previous = versions[index - 1] ?? [];
        expect(previous.filter((id) => !listed.includes(id)), `${feedId} version ${index + 1} dropped posts`).toEqual([]);
      });
      expect(versions.at(-1), `${feedId} is not complete`).toEqual(ids);
    }
    // The race was real: some PUTs lost to another environment's and were redone.
    expect(log.withMessage('feed write conflict, regenerating again').length).toBeGreaterThan(0);
  });
});
