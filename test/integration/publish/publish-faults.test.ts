import { afterEach, describe, expect, it } from 'vitest';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import { checkRenderedFeed, renderFeedFiles } from '../../../shared/feed/render-feed.ts';
import { ArchiveDirectory } from '../../../shared/store/archive-directory.ts';
import { FeedMembershipStore } from '../../../shared/store/feed-membership-store.ts';
import { FeedObjectStore } from '../../../shared/publish/write/feed-object-store.ts';
import { FeedPublisher, FeedPublishConflictError } from '../../../shared/publish/feed-publisher.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { enforceConditionalWrites, interceptS3, internalError, preconditionFailed } from '../../support/s3-fault-injection.ts';

const russia = { slug: 'russia', label: 'Russia' };

/** A renderer that breaks the Atom document of one feed, then runs the real pre-write check. */
function breakAtomOf(feedId: string) {
  return (doc: FeedDocument) => {
    const files = renderFeedFiles(doc);
    if (doc.feedId !== feedId || !doc.items.some((item) => item.postId === 'poison')) return files;
    const broken = files.atom.replace('</feed>', '');
    checkRenderedFeed(doc, 'atom', broken);
    return { ...files, atom: broken };
  };
}

describe('publish path under faults', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('regenerates again after an injected 412 and lands the current document', async () => {
    let injected = 0;
    harness = await PublishHarness.create({
      instrumentS3: (s3) =>
        interceptS3(s3, async (input, realPut) => {
          if (input.Key === 'feeds/all/atom.xml' && injected === 0) {
            injected += 1;
            throw preconditionFailed();
          }
          return realPut(input);
        }),
    });
    await harness.posts.put(makePost({ id: 'after-conflict', topics: [] }));
    await harness.drain();
    expect(injected).toBe(1);
    expect(harness.log.withMessage('feed write conflict, regenerating again')).toHaveLength(1);
    expect((await harness.readFeed('all', 'atom'))?.body).toContain('after-conflict');
    expect(harness.invocations.every((invocation) => invocation.response.batchItemFailures.length === 0)).toBe(true);
  });

  it('never leaves an older render last when two regenerations of one feed race', async () => {
    harness = await PublishHarness.create();
    enforceConditionalWrites(harness.clients.s3);
    const first = makePost({ id: 'first', topics: [], publishedAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' });
    await harness.posts.put(first);
    await harness.drain();
    const realMemberships = new FeedMembershipStore(harness.clients.documents, harness.tableName);
    // A correction the slow regeneration below is about to publish.
    await realMemberships.apply([{ kind: 'put', feedId: 'all', post: { ...first, title: 'First, corrected' } }]);

    // A slow regeneration: it reads the stored ETags and the index, then stalls before writing.
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const slowMemberships = Object.create(realMemberships) as FeedMembershipStore;
    let stalls = 0;
    slowMemberships.newest = async (feedId, limit) => {
      const posts = await realMemberships.newest(feedId, limit);
      if (stalls++ === 0) await stalled;
      return posts;
    };
    const slow = new FeedPublisher({
      memberships: slowMemberships,
      archive: new ArchiveDirectory(harness.clients.documents, harness.tableName),
      objects: new FeedObjectStore(harness.clients.s3, harness.bucketName),
      site: harness.site,
      log: harness.log,
    });
    const slowRun = slow.publish('all');

    // Meanwhile a newer post is published by the stream path.
    await harness.posts.put(makePost({ id: 'second', topics: [] }));
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['second', 'first']);

    // Its stale document (without `second`) must not land: the 412 sends it round again.
    release();
    const result = await slowRun;
    expect(result.attempts).toBe(2);
    expect(await harness.idsInFeed('all')).toEqual(['second', 'first']);
    expect((await harness.readFeed('all', 'atom'))?.body).toContain('First, corrected');
  });

  it('gives up after bounded conflicts, keeps the last good feed and reports the records for retry', async () => {
    let conflicting = false;
    harness = await PublishHarness.create({
      publisherOverrides: { maxAttempts: 3 },
      instrumentS3: (s3) =>
        interceptS3(s3, async (input, realPut) => {
          if (conflicting && input.Key?.startsWith('feeds/all/')) throw preconditionFailed();
          return realPut(input);
        }),
    });
    await harness.posts.put(makePost({ id: 'good-one', topics: [], publishedAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' }));
    await harness.drain();
    const lastGood = await harness.readFeed('all', 'json');

    conflicting = true;
    await harness.posts.put(makePost({ id: 'blocked', topics: [], publishedAt: '2026-11-02T00:00:00Z', updatedAt: '2026-11-02T00:00:00Z' }));
    await harness.drain();
    expect((await harness.readFeed('all', 'json'))?.body).toBe(lastGood?.body);
    const failure = harness.log.withMessage('feed regeneration failed; last good feed kept, records will be retried')[0];
    expect(failure?.attributes).toMatchObject({ feedId: 'all', postIds: ['blocked'], error: { name: FeedPublishConflictError.name } });
    expect(harness.failedBatches).toHaveLength(1);

    conflicting = false;
    await harness.posts.put(makePost({ id: 'later', topics: [], publishedAt: '2026-11-21T00:00:00Z', updatedAt: '2026-11-21T00:00:00Z' }));
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['later', 'blocked', 'good-one']);
  });

  it('retries the records after an S3 500 and then publishes', async () => {
    let failures = 0;
    harness = await PublishHarness.create({
      instrumentS3: (s3) =>
        interceptS3(s3, async (input, realPut) => {
          if (input.Key === 'feeds/all/rss.xml' && failures < 1) {
            failures += 1;
            throw internalError();
          }
          return realPut(input);
        }),
    });
    await harness.posts.put(makePost({ id: 'eventually', topics: [] }));
    await harness.drain();
    expect(harness.invocations[0]?.response.batchItemFailures).toHaveLength(1);
    expect(harness.invocations.length).toBeGreaterThanOrEqual(2);
    expect((await harness.readFeed('all', 'rss'))?.body).toContain('eventually');
    expect(harness.failedBatches).toEqual([]);
  });

  it('keeps the last good document when a render fails the well-formedness check, and publishes the other feeds', async () => {
    harness = await PublishHarness.create({ publisherOverrides: { renderFiles: breakAtomOf('topics/russia') } });
    await harness.posts.put(makePost({ id: 'fine', topics: [russia] }));
    await harness.drain();
    const lastGood = await harness.readFeed('topics/russia', 'atom');

    await harness.posts.put(makePost({ id: 'poison', topics: [russia], publishedAt: '2026-11-22T00:00:00Z', updatedAt: '2026-11-22T00:00:00Z' }));
    await harness.drain();

    expect((await harness.readFeed('topics/russia', 'atom'))?.body).toBe(lastGood?.body);
    expect(await harness.idsInFeed('topics/russia')).toEqual(['fine']);
    expect(await harness.idsInFeed('all')).toEqual(['poison', 'fine']);
    const [failure] = harness.log.withMessage('feed regeneration failed; last good feed kept, records will be retried');
    expect(failure?.attributes).toMatchObject({ feedId: 'topics/russia', postIds: ['poison'] });
    expect(failure?.attributes.error).toMatchObject({ name: 'FeedRenderError', format: 'atom', postIds: ['poison', 'fine'] });
    // Retried within the pump's bound, then handed to the failure destination.
    expect(harness.failedBatches).toHaveLength(1);
    expect(harness.failedBatches[0]?.records[0]?.dynamodb?.Keys?.pk?.S).toBe('POST#poison');
  });
});

