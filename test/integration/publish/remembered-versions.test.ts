import type { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createPublishPipeline } from '../../../shared/publish/publish-pipeline.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { DeleteObjectsCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { feedObjectKey, FEED_FORMATS } from '../../../shared/feed/feed-id.ts';
import { enforceConditionalWrites, interceptS3, s3Error } from '../../support/s3-fault-injection.ts';

interface SentCommand {
  command: string;
  key: string;
  ifMatch?: string;
}

/** Every HEAD and PUT the client sends, in order. */
function recordCalls(s3: S3Client, calls: SentCommand[]): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key: string; IfMatch?: string };
      calls.push({ command: context.commandName ?? '', key: input.Key, ifMatch: input.IfMatch });
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
}

const older = makePost({ id: 'detention-extended', topics: [], publishedAt: '2026-11-01T08:00:00Z', updatedAt: '2026-11-01T08:00:00Z' });
const newer = makePost({ id: 'monitors-barred', topics: [], publishedAt: '2026-11-02T08:00:00Z', updatedAt: '2026-11-02T08:00:00Z' });

describe('regenerating with the versions this process remembers', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('regenerates a feed it published before without a HEAD, still conditioned on the version it wrote', async () => {
    const calls: SentCommand[] = [];
    harness = await PublishHarness.create({ siteIndex: 'by the test', instrumentS3: (s3) => recordCalls(s3, calls) });
    await harness.posts.put(older);
    await harness.drain();
    expect(calls.filter((call) => call.command === 'HeadObjectCommand' && call.key.startsWith('feeds/all/'))).toHaveLength(3);
    const written = await harness.readFeed('all', 'json');

    calls.length = 0;
    await harness.posts.put(newer);
    await harness.drain();
    expect(calls.filter((call) => call.command === 'HeadObjectCommand')).toEqual([]);
    expect(calls.find((call) => call.key === 'feeds/all/feed.json')).toEqual({ command: 'PutObjectCommand', key: 'feeds/all/feed.json', ifMatch: written?.etag });
    expect(await harness.idsInFeed('all')).toEqual(['monitors-barred', 'detention-extended']);
  });

  it('reads afresh and lands the current document when another process wrote since', async () => {
    harness = await PublishHarness.create({ siteIndex: 'by the test' });
    enforceConditionalWrites(harness.clients.s3);
    await harness.posts.put(older);
    await harness.drain();
    // Another execution environment publishes a correction the stream path's memory knows nothing of.
    const other = createPublishPipeline({ clients: harness.clients, tableName: harness.tableName, bucketName: harness.bucketName, site: harness.site, log: harness.log });
    await other.memberships.apply([{ kind: 'put', feedId: 'all', post: { ...older, title: 'Detention extended, lawyers say' } }]);
    await other.publisher.publish('all');

    await harness.posts.put(newer);
    await harness.drain();
    expect(harness.log.withMessage('feed write conflict, regenerating again').length).toBeGreaterThanOrEqual(1);
    expect(await harness.idsInFeed('all')).toEqual(['monitors-barred', 'detention-extended']);
    expect((await harness.readFeed('all', 'rss'))?.body).toContain('Detention extended, lawyers say');
  });

  it('does not skip bytes equal to what it remembers when another process replaced them meanwhile', async () => {
    harness = await PublishHarness.create({ siteIndex: 'by the test' });
    enforceConditionalWrites(harness.clients.s3);
    await harness.posts.put(older);
    await harness.drain();
    const remembering = harness.pipeline;
    const other = createPublishPipeline({ clients: harness.clients, tableName: harness.tableName, bucketName: harness.bucketName, site: harness.site, log: harness.log });
    // Another process publishes a post that is withdrawn right after; this process then renders
    // exactly the bytes it wrote first. The stored document (listing the withdrawn post) must go.
    await other.memberships.apply([{ kind: 'put', feedId: 'all', post: newer }]);
    await other.publisher.publish('all');
    await other.memberships.apply([{ kind: 'delete', feedId: 'all', publishedAt: newer.publishedAt, postId: newer.id }]);

    const result = await remembering.publisher.publish('all');
    expect(result.written).toEqual(['rss', 'atom', 'json']);
    expect(await harness.idsInFeed('all')).toEqual(['detention-extended']);
  });

  it('writes a feed anew when its objects were deleted since it wrote them (S3 answers the IfMatch with 404)', async () => {
    let conditionedOnAGoneObject = 0;
    let realSend!: (command: unknown) => Promise<unknown>;
    harness = await PublishHarness.create({
      siteIndex: 'by the test',
      instrumentS3: (s3) => {
        realSend = s3.send.bind(s3) as (command: unknown) => Promise<unknown>;
        interceptS3(s3, async (input, realPut) => {
          const exists = await realSend(new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key })).then(
            () => true,
            () => false,
          );
          if (input.IfMatch !== undefined && !exists) {
            conditionedOnAGoneObject += 1;
            throw s3Error(404, 'NoSuchKey');
          }
          return realPut(input);
        });
      },
    });
    await harness.posts.put(older);
    await harness.drain();
    const keys = FEED_FORMATS.map((format) => ({ Key: feedObjectKey('all', format) }));
    // Past the interception, which only answers the commands the publish path sends.
    await realSend(new DeleteObjectsCommand({ Bucket: harness.bucketName, Delete: { Objects: keys } }));

    await harness.posts.put(newer);
    await harness.drain();
    expect(conditionedOnAGoneObject).toBe(3);
    expect(await harness.idsInFeed('all')).toEqual(['monitors-barred', 'detention-extended']);
    expect(harness.invocations.every((invocation) => invocation.response.batchItemFailures.length === 0)).toBe(true);
  });
});
