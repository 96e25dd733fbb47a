import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveObjectKey } from '../../../shared/feed/feed-id.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { enforceConditionalWrites } from '../../support/s3-fault-injection.ts';

const PAGE_SIZE = 5;

/** Six posts in `all`: one more than a page, so the first page closes. */
const posts = Array.from({ length: PAGE_SIZE + 1 }, (_, index) => {
  const at = new Date(Date.UTC(2026, 10, 3) + index * 60_000).toISOString();
  return makePost({ id: `tribunal-${index}`, topics: [], publishedAt: at, updatedAt: at });
});

function recordHeads(s3: S3Client, heads: string[]): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'HeadObjectCommand') heads.push((args.input as { Key: string }).Key);
      return next(args);
    },
    { step: 'initialize', name: 'recordHeads' },
  );
}

async function readBody(harness: PublishHarness, key: string): Promise<string> {
  const result = await harness.clients.s3.send(new GetObjectCommand({ Bucket: harness.bucketName, Key: key }));
  return (await result.Body?.transformToString('utf-8')) ?? '';
}

describe('writing an archive page the regeneration closed just now', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('conditions on absence without a HEAD: nothing can be stored at a page number allocated just now', async () => {
    const heads: string[] = [];
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE }, siteIndex: 'by the test', instrumentS3: (s3) => recordHeads(s3, heads) });
    await Promise.all(posts.map((post) => harness.posts.put(post)));
    await harness.drain();
    expect(await readBody(harness, archiveObjectKey('all', 1, 'json'))).toContain('tribunal-0');
    expect(heads.filter((key) => key.includes('/archive/'))).toEqual([]);
  });

  it('reads and replaces whatever was there after all, once the PUT conditioned on absence fails', async () => {
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE }, siteIndex: 'by the test' });
    enforceConditionalWrites(harness.clients.s3);
    // Left over from an earlier life of the bucket (say, a table restored from an older backup).
    const leftover = archiveObjectKey('all', 1, 'json');
    await harness.clients.s3.send(new PutObjectCommand({ Bucket: harness.bucketName, Key: leftover, Body: '{"items":[]}' }));
    await Promise.all(posts.map((post) => harness.posts.put(post)));
    await harness.drain();
    expect(await readBody(harness, leftover)).toContain('tribunal-0');
    expect(harness.log.withMessage('feed write conflict, regenerating again').length).toBeGreaterThanOrEqual(1);
  });
});
