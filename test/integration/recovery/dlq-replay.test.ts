import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import { renderFeedFiles } from '../../../shared/feed/render-feed.ts';
import { SITE_INDEX_KEY } from '../../../shared/site/site-keys.ts';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';
import { DlqReplay } from '../../../shared/recovery/dlq-replay.ts';
import { createDlqReplay, createFeedRebuild, type RecoveryOptions } from '../../../shared/recovery/recovery-pipeline.ts';
import { NetworkRecovery } from '../../../shared/recovery/network-recovery.ts';
import type { StreamBatchInfo } from '../../../shared/recovery/failed-batch-message.ts';
import { StreamRangeExpiredError } from '../../../shared/recovery/stream-range-reader.ts';
import { postKey } from '../../../shared/store/table-design.ts';
import { DEFAULT_HUB_RETRY_POLICY } from '../../../shared/websub/hub-retry-policy.ts';
import { FailedBatchDirectory } from '../../../local/failed-batch-directory.ts';
import { EMULATOR_REGION, createEmulatorStreamsClient } from '../../support/emulator-clients.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { makePost, postInput } from '../../support/post-factory.ts';
import { RecordingHub } from '../../support/recording-hub.ts';

/** A renderer that fails while `broken` is set: the batch exhausts its retries and is dropped. */
let broken = false;
function flakyRender(doc: FeedDocument) {
  if (broken) throw new Error('injected renderer bug');
  return renderFeedFiles(doc);
}

let harness: PublishHarness;
let streams: DynamoDBStreamsClient;
let folder: string;
let queue: FailedBatchDirectory;

beforeAll(async () => {
  harness = await PublishHarness.create({ publisherOverrides: { renderFiles: flakyRender } });
  streams = createEmulatorStreamsClient();
});

afterAll(async () => {
  streams.destroy();
  await harness.close();
});

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'feedline-dlq-'));
  queue = new FailedBatchDirectory(folder);
  harness.failedBatches.length = 0;
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

function recoveryOptions(): RecoveryOptions {
  return { clients: harness.clients, tableName: harness.tableName, bucketName: harness.bucketName, site: harness.site, log: SILENT_LOG };
}

function replay(): DlqReplay {
  return createDlqReplay({ ...recoveryOptions(), queue, streams, region: EMULATOR_REGION });
}

/** The body of `index.html`, or '' while there is none. */
async function siteIndexPage(): Promise<string> {
  try {
    const page = await harness.clients.s3.send(new GetObjectCommand({ Bucket: harness.bucketName, Key: SITE_INDEX_KEY }));
    return (await page.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return '';
    throw error;
  }
}

/** Writes posts while the renderer is broken, and queues the dropped batches as Lambda would. */
async function dropBatchesFor(write: () => Promise<void>): Promise<void> {
  broken = true;
  try {
    await write();
    await harness.drain();
  } finally {
    broken = false;
  }
  expect(harness.failedBatches.length).toBeGreaterThan(0);
  for (const failure of harness.failedBatches) await queue.add(failure);
}

describe('feedline dlq replay', () => {
  it('re-reads the dropped records from the stream, publishes their feeds, and removes the message', async () => {
    await dropBatchesFor(() => harness.posts.put(makePost({ id: 'dropped-post', topics: [{ slug: 'belarus', label: 'Belarus' }] })));
    expect(await harness.idsInFeed('topics/belarus')).toBeUndefined();

    const report = await replay().run();

    expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'replayed', records: 1, postIds: ['dropped-post'] })]);
    expect(await harness.idsInFeed('topics/belarus')).toEqual(['dropped-post']);
    expect(await harness.idsInFeed('all')).toContain('dropped-post');
    expect(await queue.receive()).toEqual([]);
  });

  it('is idempotent: replaying the same message twice publishes nothing new the second time', async () => {
    await dropBatchesFor(() => harness.posts.put(makePost({ id: 'twice', topics: [] })));
    await replay().run();
    await queue.add(harness.failedBatches[0]!);
    const putsBefore = harness.puts.length;
    const second = await replay().run();
    expect(second.outcomes).toEqual([expect.objectContaining({ kind: 'replayed' })]);
    expect(harness.puts.length).toBe(putsBefore);
  });

  it('never rolls a feed back to the dropped version when a newer one was published since', async () => {
    const topics = [{ slug: 'tajikistan', label: 'Tajikistan' }];
    await dropBatchesFor(() => harness.posts.put(makePost({ id: 'edited', title: 'First draft title', topics })));
    await harness.posts.put(makePost({ id: 'edited', title: 'Corrected title', topics }));
    await harness.drain();

    await replay().run();

    const feed = (await harness.readFeed('topics/tajikistan', 'json'))?.body ?? '';
    expect(feed).toContain('Corrected title');
    expect(feed).not.toContain('First draft title');
  });

  it('takes a post out of its feeds when the dropped change was its deletion', async () => {
    await harness.posts.put(makePost({ id: 'to-delete', topics: [{ slug: 'kyrgyzstan', label: 'Kyrgyzstan' }] }));
    await harness.drain();
    await dropBatchesFor(async () => {
      await harness.posts.delete('to-delete');
    });
    expect(await harness.idsInFeed('topics/kyrgyzstan')).toEqual(['to-delete']);
    await replay().run();
    expect(await harness.idsInFeed('topics/kyrgyzstan')).toEqual([]);
  });

  it('never publishes an item as the post its image names: the item is reported invalid, naming both ids', async () => {
    const topics = [{ slug: 'armenia', label: 'Armenia' }];
    await harness.posts.put(makePost({ id: 'claimed', title: 'The real story', topics }));
    await harness.drain();
    const original = await harness.readFeed('topics/armenia', 'json');
    await harness.posts.put(makePost({ id: 'claimer', topics }));
    await harness.drain();
    const claim = postInput({ id: 'claimed', title: 'Hijacked', topics, publishedAt: '2026-11-25T09:00:00Z', updatedAt: '2026-11-25T09:00:00Z' });
    await dropBatchesFor(async () => {
      await harness.clients.documents.put({ TableName: harness.tableName, Item: { ...postKey('claimer'), ...claim } });
    });

    const report = await replay().run();

    expect(await harness.readFeed('topics/armenia', 'json')).toEqual(original);
    expect(report.outcomes).toEqual([
      expect.objectContaining({ kind: 'replayed', postIds: ['claimer'], invalidPosts: [expect.objectContaining({ message: expect.stringMatching(/"claimed".*"claimer"/) })] }),
    ]);
  });

  it('leaves a message that is not an on-failure record in the queue, for a human', async () => {
    await queue.add({
      reason: 'x',
      attempts: 1,
      records: [],
      batchInfo: { shardId: '', streamArn: '', startSequenceNumber: undefined, endSequenceNumber: undefined, approximateArrivalOfFirstRecord: undefined, approximateArrivalOfLastRecord: undefined, batchSize: 0 },
    });
    const report = await replay().run();
    expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'unreadable' })]);
    expect(await queue.receive()).toHaveLength(1);
  });

  it('falls back to one rebuild of every feed when the records have left the stream, then removes the messages', async () => {
    await dropBatchesFor(() => harness.posts.put(makePost({ id: 'expired-records', topics: [{ slug: 'mongolia', label: 'Mongolia' }] })));
    const past24Hours = {
      read: async (batch: StreamBatchInfo) => {
        throw new StreamRangeExpiredError(batch, new Error('TrimmedDataAccessException'));
      },
    };
    const publications = new NetworkRecovery({ recoveryOf: async () => createFeedRebuild(recoveryOptions()), settings: { list: async () => [] } });
    const report = await new DlqReplay({ queue, records: past24Hours, publications }).run();
    expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'expired', rebuilt: true })]);
    expect(report.rebuilds).toEqual([{ publicationId: 'default', report: expect.objectContaining({ failed: [] }) }]);
    expect(await harness.idsInFeed('topics/mongolia')).toEqual(['expired-records']);
    expect(await queue.receive()).toEqual([]);
  });

  it('ends a replayed batch as the stream handler does: the site index lists its feeds and its hub pings are settled', async () => {
    const hub = await RecordingHub.start();
    // Every attempt fails, so a settled ping is one whose last retry is over before run() returns.
    hub.behaviour = () => 500;
    try {
      await dropBatchesFor(() => harness.posts.put(makePost({ id: 'replayed-with-site', topics: [{ slug: 'georgia', label: 'Georgia' }] })));
      expect(await siteIndexPage()).not.toContain('data-feed-id="topics/georgia"');

      const withHub = { ...recoveryOptions(), site: { ...harness.site, hubUrls: [hub.url] } };
      const report = await createDlqReplay({ ...withHub, queue, streams, region: EMULATOR_REGION }).run();

      expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'replayed', postIds: ['replayed-with-site'] })]);
      expect(await siteIndexPage()).toContain('data-feed-id="topics/georgia"');
      const topics = hub.requests.map((request) => request.form.get('hub.url'));
      const attemptsPerTopic = [...new Set(topics)].map((topic) => topics.filter((pinged) => pinged === topic).length);
      // all and topics/georgia, three formats each, every ping tried to the end of its policy.
      expect(attemptsPerTopic).toEqual(Array.from({ length: 6 }, () => DEFAULT_HUB_RETRY_POLICY.maxAttempts));
    } finally {
      await hub.close();
    }
  });
});
