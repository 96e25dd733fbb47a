import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';
import type { FeedId } from '../../../shared/feed/feed-id.ts';
import type { FeedRebuild } from '../../../shared/recovery/feed-rebuild.ts';
import { membershipKey } from '../../../shared/store/feed-membership-store.ts';
import { FeedCatalog } from '../../../shared/store/feed-catalog.ts';
import { catalogKey, postKey } from '../../../shared/store/table-design.ts';
import { createFeedRebuild } from '../../../shared/recovery/recovery-pipeline.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { makePost, postInput } from '../../support/post-factory.ts';

let harness: PublishHarness;
let rebuild: FeedRebuild;

const kazakhstan = [{ slug: 'kazakhstan', label: 'Kazakhstan' }];
const russia = [{ slug: 'russia', label: 'Russia' }];
const almatyCourt = () => makePost({ id: 'almaty-court', topics: kazakhstan, publishedAt: '2026-11-20T09:00:00Z', updatedAt: '2026-11-20T09:00:00Z' });
const moscowTrial = (title: string) =>
  makePost({ id: 'moscow-trial', title, topics: russia, publishedAt: '2026-11-21T09:00:00Z', updatedAt: '2026-11-21T09:00:00Z' });

beforeAll(async () => {
  harness = await PublishHarness.create();
  rebuild = createFeedRebuild({
    clients: harness.clients,
    tableName: harness.tableName,
    bucketName: harness.bucketName,
    site: harness.site,
    log: SILENT_LOG,
  }).rebuild;
  await harness.posts.put(almatyCourt());
  await harness.posts.put(moscowTrial('Trial opens'));
  await harness.drain();
});

afterAll(() => harness.close());

/** What a table restored to an older point, or a lost batch, leaves behind. */
async function damageMemberships(): Promise<void> {
  const documents = harness.clients.documents;
  const tableName = harness.tableName;
  const almaty = almatyCourt();
  await documents.delete({ TableName: tableName, Key: membershipKey('all', almaty.publishedAt, almaty.id) });
  const ghost = makePost({ id: 'deleted-long-ago', topics: russia, publishedAt: '2026-11-22T09:00:00Z', updatedAt: '2026-11-22T09:00:00Z' });
  await documents.put({ TableName: tableName, Item: { ...membershipKey('topics/russia', ghost.publishedAt, ghost.id), postId: ghost.id, post: ghost } });
  const stale = moscowTrial('An old title');
  await documents.put({ TableName: tableName, Item: { ...membershipKey('all', stale.publishedAt, stale.id), postId: stale.id, post: stale } });
}

describe('feedline rebuild --all', () => {
  it('re-derives missing, stale and orphaned membership items from the posts and regenerates every feed', async () => {
    await damageMemberships();
    await rebuild.rebuildFeed('topics/russia');
    expect(await harness.idsInFeed('topics/russia')).toEqual(['deleted-long-ago', 'moscow-trial']);

    const report = await rebuild.rebuildAll();

    expect(report).toMatchObject({ postsScanned: 2, postsReconciled: 3, failed: [] });
    expect(report).toMatchObject({ membershipPuts: 4, membershipDeletes: 1 });
    expect(await harness.idsInFeed('all')).toEqual(['moscow-trial', 'almaty-court']);
    expect(await harness.idsInFeed('topics/russia')).toEqual(['moscow-trial']);
    expect((await harness.readFeed('all', 'json'))?.body).toContain('"title": "Trial opens"');
    expect(report.published.map((result) => result.feedId)).toEqual(['all', 'topics/kazakhstan', 'topics/russia']);
  });

  it('writes the index page the distribution serves at its root', async () => {
    const index = await harness.clients.s3.send(new HeadObjectCommand({ Bucket: harness.bucketName, Key: 'index.html' }));
    expect(index.ContentType).toBe('text/html; charset=utf-8');
  });

  it('is idempotent: a second run reconciles nothing and PUTs nothing', async () => {
    const putsBefore = harness.puts.length;
    const report = await rebuild.rebuildAll();
    expect(report).toMatchObject({ postsReconciled: 0, membershipPuts: 0, membershipDeletes: 0, siteIndexWritten: false, failed: [] });
    expect(report.published.every((result) => result.written.length === 0)).toBe(true);
    expect(harness.puts.length).toBe(putsBefore);
  });

  it('refills a lost site catalog from feeds whose bytes did not change', async () => {
    const catalog = new FeedCatalog(harness.clients.documents, harness.tableName);
    for (const entry of await catalog.list()) {
      await harness.clients.documents.delete({ TableName: harness.tableName, Key: catalogKey(entry.feedId) });
    }
    expect(await catalog.list()).toEqual([]);

    const report = await rebuild.rebuildAll();

    expect(report.published.every((result) => result.written.length === 0)).toBe(true);
    expect((await catalog.list()).map((entry) => entry.feedId)).toEqual(['all', 'topics/kazakhstan', 'topics/russia']);
  });

  it('empties a feed whose posts are all gone, found through its files in the bucket', async () => {
    await harness.posts.delete('almaty-court');
    await harness.drain();
    const leftover = almatyCourt();
    await harness.clients.documents.put({
      TableName: harness.tableName,
      Item: { ...membershipKey('topics/kazakhstan', leftover.publishedAt, leftover.id), postId: leftover.id, post: leftover },
    });
    await rebuild.rebuildFeed('topics/kazakhstan');
    expect(await harness.idsInFeed('topics/kazakhstan')).toEqual(['almaty-court']);
    const report = await rebuild.rebuildAll();
    expect(report.membershipDeletes).toBe(1);
    expect(await harness.idsInFeed('topics/kazakhstan')).toEqual([]);
  });

  it('never acts on an item as the post its image names: POST#hijacker claiming moscow-trial is reported invalid and moscow-trial stays as it was', async () => {
    const feeds: FeedId[] = ['all', 'topics/russia'];
    const before = await Promise.all(feeds.map((feedId) => harness.readFeed(feedId, 'json')));
    // A lost batch: the hijacker's membership items from when it was valid, then an image naming another id.
    const formerly = makePost({ id: 'hijacker', topics: russia, publishedAt: '2026-11-23T09:00:00Z', updatedAt: '2026-11-23T09:00:00Z' });
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { ...membershipKey('all', formerly.publishedAt, formerly.id), postId: formerly.id, post: formerly } });
    const claim = postInput({ id: 'moscow-trial', title: 'Hijacked', topics: russia, publishedAt: '2026-11-24T09:00:00Z', updatedAt: '2026-11-24T09:00:00Z' });
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { ...postKey('hijacker'), ...claim } });

    const report = await rebuild.rebuildAll();

    expect(await Promise.all(feeds.map((feedId) => harness.readFeed(feedId, 'json')))).toEqual(before);
    for (const feedId of feeds) expect(await harness.idsInFeed(feedId)).toEqual(['moscow-trial']);
    expect(report.invalidPosts).toEqual([expect.objectContaining({ postId: 'hijacker', message: expect.stringMatching(/"moscow-trial".*"hijacker"/) })]);
    expect(report.failed).toEqual([]);
  });
});
