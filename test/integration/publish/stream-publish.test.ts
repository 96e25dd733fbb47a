import { afterEach, describe, expect, it } from 'vitest';
import { FEED_FORMATS } from '../../../shared/feed/feed-id.ts';
import { mapWithConcurrency } from '../../../shared/concurrency/map-with-concurrency.ts';
import { makePost, postInput } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

const kazakhstan = { slug: 'kazakhstan', label: 'Kazakhstan' };
const russia = { slug: 'russia', label: 'Russia' };

describe('publish path: real stream records through the handler into the bucket', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('publishes an inserted post in all three formats of every feed it belongs to', async () => {
    harness = await PublishHarness.create();
    await harness.posts.put(makePost({ id: 'strike-day-one', topics: [kazakhstan] }));
    await harness.drain();

    for (const feedId of ['all', 'topics/kazakhstan']) {
      expect(await harness.idsInFeed(feedId)).toEqual(['strike-day-one']);
      for (const format of FEED_FORMATS) {
        const file = await harness.readFeed(feedId, format);
        expect(file?.body).toContain('strike-day-one');
        expect(file?.cacheControl).toBe(harness.site.cacheControl);
      }
    }
    expect((await harness.readFeed('all', 'rss'))?.contentType).toBe('application/xml; charset=utf-8');
    expect((await harness.readFeed('all', 'atom'))?.contentType).toBe('application/xml; charset=utf-8');
    expect((await harness.readFeed('all', 'json'))?.contentType).toBe('application/feed+json; charset=utf-8');
    expect(await harness.readFeed('topics/russia', 'json')).toBeUndefined();
  });

  it('follows an edit, a topic move, unpublishing and deletion', async () => {
    harness = await PublishHarness.create();
    const post = makePost({ id: 'water-dispute', topics: [kazakhstan] });
    await harness.posts.put(post);
    await harness.posts.put(makePost({ id: 'other-story', topics: [kazakhstan], publishedAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' }));
    await harness.drain();
    const before = await harness.readFeed('all', 'atom');

    await harness.posts.put({ ...post, title: 'Water dispute reaches the capital' });
    await harness.drain();
    const edited = await harness.readFeed('all', 'atom');
    expect(edited?.body).toContain('Water dispute reaches the capital');
    expect(edited?.etag).not.toBe(before?.etag);

    await harness.posts.put({ ...post, topics: [russia] });
    await harness.drain();
    expect(await harness.idsInFeed('topics/kazakhstan')).toEqual(['other-story']);
    expect(await harness.idsInFeed('topics/russia')).toEqual(['water-dispute']);

    await harness.posts.put({ ...post, topics: [russia], status: 'draft' });
    await harness.drain();
    expect(await harness.idsInFeed('topics/russia')).toEqual([]);
    expect(await harness.idsInFeed('all')).toEqual(['other-story']);

    await harness.posts.put({ ...post, topics: [russia] });
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['water-dispute', 'other-story']);

    await harness.posts.delete('water-dispute');
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['other-story']);
    expect(await harness.idsInFeed('topics/russia')).toEqual([]);
  });

  it('keeps drafts out of every feed', async () => {
    harness = await PublishHarness.create();
    await harness.posts.put(makePost({ id: 'published-one', topics: [] }));
    await harness.posts.put(makePost({ id: 'secret-draft', status: 'draft', topics: [kazakhstan] }));
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['published-one']);
    expect(await harness.readFeed('topics/kazakhstan', 'json')).toBeUndefined();
  });

  it('moves a post when its publication date changes, without a duplicate', async () => {
    harness = await PublishHarness.create();
    const post = makePost({ id: 'dated', topics: [] });
    await harness.posts.put(makePost({ id: 'middle', topics: [], publishedAt: '2026-11-10T00:00:00Z', updatedAt: '2026-11-10T00:00:00Z' }));
    await harness.posts.put(post);
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['dated', 'middle']);
    await harness.posts.put({ ...post, publishedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-21T00:00:00.000Z' });
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual(['middle', 'dated']);
  });

  it('logs an invalid post written straight into the table and publishes the rest of the batch', async () => {
    harness = await PublishHarness.create();
    await harness.clients.documents.put({
      TableName: harness.tableName,
      Item: { pk: 'POST#broken', sk: 'POST', ...postInput({ id: 'broken', url: 'not-a-url', topics: [] }) },
    });
    await harness.posts.put(makePost({ id: 'fine', topics: [] }));
    await harness.drain();

    expect(await harness.idsInFeed('all')).toEqual(['fine']);
    const [warning] = harness.log.withMessage('post failed validation and is left out of feeds');
    expect(warning?.attributes).toMatchObject({ postId: 'broken', problems: [{ field: 'url', reason: 'must be an absolute http(s) URL' }] });
    expect(harness.invocations.every((invocation) => invocation.response.batchItemFailures.length === 0)).toBe(true);
    expect(harness.failedBatches).toEqual([]);
  });

  it('takes a valid post out of its feeds when another system overwrites it with an invalid one', async () => {
    harness = await PublishHarness.create();
    await harness.posts.put(makePost({ id: 'soon-broken', topics: [] }));
    await harness.drain();
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { pk: 'POST#soon-broken', sk: 'POST', ...postInput({ id: 'soon-broken', title: '' }) } });
    await harness.drain();
    expect(await harness.idsInFeed('all')).toEqual([]);
  });

  it('refuses an item whose id is not the one in its key: its put and its delete leave the named post alone', async () => {
    harness = await PublishHarness.create();
    await harness.posts.put(makePost({ id: 'victim', topics: [kazakhstan] }));
    await harness.drain();
    const original = await harness.readFeed('all', 'json');

    await harness.clients.documents.put({ TableName: harness.tableName, Item: { pk: 'POST#hijacker', sk: 'POST', ...postInput({ id: 'victim', title: 'Hijacked', topics: [russia] }) } });
    await harness.drain();
    expect(await harness.readFeed('all', 'json')).toEqual(original);
    expect(await harness.readFeed('topics/russia', 'json')).toBeUndefined();
    const [warning] = harness.log.withMessage('post failed validation and is left out of feeds');
    expect(warning?.attributes).toMatchObject({ postId: 'hijacker', problems: [{ field: 'id', reason: expect.stringContaining('"victim"') }] });

    await harness.posts.delete('hijacker');
    await harness.drain();
    for (const feedId of ['all', 'topics/kazakhstan']) expect(await harness.idsInFeed(feedId)).toEqual(['victim']);
    expect(await harness.readFeed('all', 'json')).toEqual(original);
    expect(harness.invocations.every((invocation) => invocation.response.batchItemFailures.length === 0)).toBe(true);
    expect(harness.failedBatches).toEqual([]);
  });

  it('never shows non-post items to the handler', async () => {
    harness = await PublishHarness.create();
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { pk: 'SUB#partner', sk: 'SUB', url: 'https://partner.example.org/feed' } });
    await harness.posts.put(makePost({ id: 'only-post', topics: [] }));
    await harness.drain();
    const delivered = harness.invocations.reduce((sum, invocation) => sum + invocation.recordCount, 0);
    // The post itself only: membership items the handler writes are filtered out too.
    expect(delivered).toBe(1);
  });

  it('writes nothing when a modify changes nothing visible, and nothing when records are replayed', async () => {
    // Counts the feeds' PUTs: the site pages are test/integration/site's.
    harness = await PublishHarness.create({ siteIndex: 'by the test' });
    const post = makePost({ id: 'stable', topics: [kazakhstan] });
    await harness.posts.put(post);
    await harness.drain();
    const putsAfterInsert = harness.puts.length;
    expect(putsAfterInsert).toBe(6);

    // A write that changes an attribute no feed shows: the stream carries it, the feeds stay.
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { pk: 'POST#stable', sk: 'POST', ...post, internalNote: 'seen by legal' } });
    await harness.drain();
    expect(harness.invocations).toHaveLength(2);
    expect(harness.puts.length).toBe(putsAfterInsert);

    // Lambda delivers at least once: the same records again must change nothing.
    const delivered = harness.invocations.map((invocation) => invocation.event);
    for (const event of delivered) await harness.handle(structuredClone(event));
    expect(harness.puts.length).toBe(putsAfterInsert);
    expect(await harness.idsInFeed('topics/kazakhstan')).toEqual(['stable']);
  });

  it('regenerates each affected feed at most once per batch in a 500-post burst', async () => {
    // Counts the feeds' PUTs: the site pages are test/integration/site's.
    harness = await PublishHarness.create({ batchSize: 100, siteIndex: 'by the test' });
    const topics = [kazakhstan, russia, { slug: 'china', label: 'China' }];
    const posts = Array.from({ length: 500 }, (_, index) =>
      makePost({
        id: `burst-${String(index).padStart(3, '0')}`,
        topics: [topics[index % 3]!],
        publishedAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
        updatedAt: undefined,
      }),
    );
    await mapWithConcurrency(posts, 16, (post) => harness.posts.put(post));
    await harness.drain();

    const delivered = harness.invocations.reduce((sum, invocation) => sum + invocation.recordCount, 0);
    expect(delivered).toBe(500);
    for (const invocation of harness.invocations) {
      expect(invocation.recordCount).toBeLessThanOrEqual(100);
      expect(new Set(invocation.publishedFeeds).size).toBe(invocation.publishedFeeds.length);
    }
    const regenerations = harness.invocations.reduce((sum, invocation) => sum + invocation.publishedFeeds.length, 0);
    // At most all + three topics per batch, three formats each; one PUT per post would be 3,000.
    expect(regenerations).toBeLessThanOrEqual(harness.invocations.length * 4);
    // Archive pages closed by the burst are written on top: each holds its posts once.
    expect(harness.puts.filter((key) => !key.includes('/archive/')).length).toBeLessThanOrEqual(regenerations * 3);
    const newest = (await harness.idsInFeed('all'))!;
    expect(newest).toHaveLength(50);
    expect(newest[0]).toBe('burst-499');
    expect((await harness.idsInFeed('topics/china'))![0]).toBe('burst-497');
  });
});
