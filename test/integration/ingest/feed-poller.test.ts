import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PollScheduleStore } from '../../../shared/store/poll-schedule-store.ts';
import { IngestedPostStore, contentHashOf } from '../../../shared/store/ingested-post-store.ts';
import { FixtureFeedServer, readFixture } from '../../support/fixture-feed-server.ts';
import { IngestHarness } from '../../support/ingest-harness.ts';
import { nestedMarkupRss } from '../../support/nested-markup-feed.ts';

let server: FixtureFeedServer;
let harness: IngestHarness;
const topics = [{ slug: 'wire', label: 'Wire' }];

beforeAll(async () => {
  server = await FixtureFeedServer.start();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await harness?.close();
});

async function subscribe(id: string, path: string) {
  return harness.subscriptions.add({ id, url: server.urlOf(path), topics }, new Date(Date.now() - 1_000));
}

describe('poll run through DynamoDB Local', () => {
  it('writes new items, then nothing on a 304, then only what changed', async () => {
    harness = await IngestHarness.create();
    server.feed('/wire.xml', await readFixture('basic.rss.xml'));
    await subscribe('wire', '/wire.xml');

    const first = await harness.poller.runDue();
    expect(first).toMatchObject({ due: 1, polled: 1, changed: 1, itemsCreated: 3, failed: 0 });
    const posts = await harness.postsById();
    expect([...posts.values()].map((post) => post.title).sort()).toEqual(['Court session postponed', 'Newspaper fined', 'Strike enters second week']);
    expect([...posts.values()].every((post) => post.source?.subscriptionId === 'wire' && post.topics[0]?.slug === 'wire')).toBe(true);
    const afterFirst = await harness.subscriptions.get('wire');
    expect(afterFirst).toMatchObject({ lastStatus: 200, consecutiveErrors: 0, title: 'Fixture Wire', lastItemsWritten: 3 });
    expect(afterFirst?.etag).toMatch(/^"/);
    expect(afterFirst?.leaseId).toBeUndefined();
    expect(Date.parse(afterFirst?.nextFetchAt ?? '')).toBeGreaterThan(Date.now() + 14 * 60_000);

    // Not due any more: a run right away does nothing.
    expect((await harness.poller.runDue()).due).toBe(0);

    const unchanged = await harness.poller.pollNow(['wire']);
    expect(unchanged).toMatchObject({ notModified: 1, itemsCreated: 0, itemsUpdated: 0 });
    expect(server.requestsTo('/wire.xml').at(-1)?.headers['if-none-match']).toBe(afterFirst?.etag);

    server.feed('/wire.xml', await readFixture('basic-changed.rss.xml'), { lastModified: new Date('2026-11-25T09:00:00Z') });
    const changed = await harness.poller.pollNow(['wire']);
    expect(changed).toMatchObject({ changed: 1, itemsCreated: 1, itemsUpdated: 1 });
    const titles = [...(await harness.postsById()).values()].map((post) => post.title).sort();
    expect(titles).toEqual(['Appeal filed', 'Court session postponed again', 'Newspaper fined', 'Strike enters second week']);
  });

  it('writes nothing when a server without validators sends the same document again', async () => {
    harness = await IngestHarness.create();
    const body = await readFixture('no-guids.rss.xml');
    server.route('/no-validators.xml', (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    await subscribe('no-validators', '/no-validators.xml');
    expect(await harness.poller.runDue()).toMatchObject({ itemsCreated: 2 });
    const before = await harness.postsById();
    expect(await harness.poller.pollNow(['no-validators'])).toMatchObject({ unchanged: 1, itemsCreated: 0, itemsUpdated: 0 });
    expect(await harness.postsById()).toEqual(before);
  });

  it('files duplicates once and ingests non-UTF-8 feeds correctly', async () => {
    harness = await IngestHarness.create();
    server.feed('/dup.xml', await readFixture('duplicates.rss.xml'));
    server.feed('/cp1251.xml', await readFixture('cyrillic.windows-1251.rss.xml'), { contentType: 'text/xml' });
    server.feed('/gbk.xml', await readFixture('chinese.gbk.rss.xml'), { contentType: 'application/rss+xml; charset=gbk' });
    await subscribe('dup', '/dup.xml');
    await subscribe('cyrillic', '/cp1251.xml');
    await subscribe('chinese', '/gbk.xml');
    expect(await harness.poller.runDue()).toMatchObject({ polled: 3, failed: 0, itemsCreated: 4 });
    const titles = [...(await harness.postsById()).values()].map((post) => post.title).sort();
    expect(titles).toEqual(['Another story', 'First copy', 'Суд отложил заседание по делу журналиста', '霍尔果斯口岸货车排队超过六百辆']);
  });

  it('records every failure on its own subscription and keeps polling the others', async () => {
    harness = await IngestHarness.create({ fetch: { timeoutMs: 500 } });
    server.feed('/healthy.xml', await readFixture('basic.rss.xml'));
    server.status('/missing.xml', 404).status('/broken-server.xml', 500).status('/limited.xml', 429, { 'retry-after': '7200' });
    server.stall('/stalled.xml').endless('/endless.xml').feed('/broken.xml', await readFixture('broken.rss.xml'));
    server.feed('/lol.xml', await readFixture('billion-laughs.xml')).redirect('/to-metadata.xml', 302, 'http://169.254.169.254/latest/meta-data/');
    const cases = {
      healthy: '/healthy.xml',
      missing: '/missing.xml',
      'broken-server': '/broken-server.xml',
      limited: '/limited.xml',
      stalled: '/stalled.xml',
      endless: '/endless.xml',
      broken: '/broken.xml',
      lol: '/lol.xml',
      metadata: '/to-metadata.xml',
    };
    for (const [id, path] of Object.entries(cases)) await subscribe(id, path);

    const run = await harness.poller.runDue();
    expect(run).toMatchObject({ due: 9, polled: 9, changed: 1, failed: 8, itemsCreated: 3 });
    const byId = new Map((await harness.subscriptions.listAll()).map((subscription) => [subscription.id, subscription]));
    const errorOf = (id: string) => byId.get(id)?.lastError;
    expect(errorOf('missing')).toMatchObject({ kind: 'http-status', status: 404 });
    expect(errorOf('broken-server')).toMatchObject({ kind: 'http-status', status: 500 });
    expect(errorOf('limited')).toMatchObject({ kind: 'http-status', status: 429 });
    expect(errorOf('stalled')).toMatchObject({ kind: 'timeout', message: expect.stringContaining('within 500 ms') });
    expect(errorOf('endless')).toMatchObject({ kind: 'too-large' });
    expect(errorOf('broken')).toMatchObject({ kind: 'parse', message: expect.stringMatching(/^XML parse error at line 7/) });
    expect(errorOf('lol')).toMatchObject({ kind: 'unsafe-xml' });
    expect(errorOf('metadata')).toMatchObject({ kind: 'blocked-address', message: expect.stringContaining('169.254.169.254') });
    expect(byId.get('healthy')).toMatchObject({ consecutiveErrors: 0, lastStatus: 200 });
    for (const id of Object.keys(cases).filter((id) => id !== 'healthy')) expect(byId.get(id)?.consecutiveErrors).toBe(1);
    // Retry-After is a floor for the next poll.
    expect(Date.parse(byId.get('limited')?.nextFetchAt ?? '')).toBeGreaterThanOrEqual(Date.now() + 7_100_000);
    expect(harness.log.withMessage('subscription poll failed')).toHaveLength(8);
  });

  it('reads a 5 MB feed of nested unclosed markup within a bound, without holding up a healthy feed polled alongside', async () => {
    harness = await IngestHarness.create({ fetch: { maxBodyBytes: 6_000_000, timeoutMs: 10_000 } });
    // Four items just under the per-item limit, one over it: 4.9 MB in all.
    const hostile = nestedMarkupRss([950_000, 950_000, 950_000, 950_000, 1_050_000]);
    let hostileServed: () => void = () => undefined;
    const served = new Promise<void>((resolve) => (hostileServed = resolve));
    server.route('/nested.xml', (_request, response) => {
      response.on('finish', hostileServed);
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(hostile);
    });
    // The healthy feed answers once the hostile one is out, so its poll overlaps the hostile work.
    const healthy = await readFixture('basic.rss.xml');
    server.route('/healthy-neighbour.xml', (_request, response) => {
      void served.then(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(healthy));
    });
    await subscribe('nested', '/nested.xml');
    await subscribe('healthy-neighbour', '/healthy-neighbour.xml');

    const run = await harness.poller.runDue();
    expect(run).toMatchObject({ polled: 2, failed: 0, itemsCreated: 4 + 3, itemsRejected: 1 });
    expect(harness.log.withMessage('feed item rejected').map((event) => event.attributes)).toEqual([
      expect.objectContaining({ subscriptionId: 'nested', kind: 'too-large' }),
    ]);
    const durationOf = (id: string) => harness.log.withMessage('subscription polled').find((event) => event.attributes.subscriptionId === id)?.attributes.durationMs;
    // Generous bounds for a shared machine (about 1 s each when it is quiet; `npm run bench --
    // sanitise` prints the real figures). With the quadratic sanitiser each hostile item alone
    // held the event loop for ten seconds or more.
    expect(durationOf('nested')).toBeLessThan(6_000);
    expect(durationOf('healthy-neighbour')).toBeLessThan(5_000);
  });

  it('backs a feed off to the cap after too many consecutive failures, and resets on success', async () => {
    harness = await IngestHarness.create();
    server.status('/flaky.xml', 500);
    await subscribe('flaky', '/flaky.xml');
    for (let attempt = 1; attempt <= 3; attempt += 1) await harness.poller.pollNow(['flaky']);
    const failing = await harness.subscriptions.get('flaky');
    expect(failing?.consecutiveErrors).toBe(3);
    expect(Date.parse(failing?.nextFetchAt ?? '') - Date.parse(failing?.lastFetchAt ?? '')).toBe(24 * 60 * 60_000);
    server.feed('/flaky.xml', await readFixture('basic.rss.xml'));
    await harness.poller.pollNow(['flaky']);
    expect(await harness.subscriptions.get('flaky')).toMatchObject({ consecutiveErrors: 0, lastStatus: 200 });
  });

  it('disables a 410 Gone feed: out of the due index until enabled again', async () => {
    harness = await IngestHarness.create();
    server.status('/gone.xml', 410);
    await subscribe('gone', '/gone.xml');
    expect(await harness.poller.runDue()).toMatchObject({ gone: 1 });
    expect(await harness.subscriptions.get('gone')).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('HTTP 410') });
    expect(await harness.pollSchedule.due(new Date(Date.now() + 365 * 24 * 3_600_000), 10)).toEqual([]);
    await harness.subscriptions.enable('gone', new Date(Date.now() - 1_000));
    expect((await harness.pollSchedule.due(new Date(), 10)).map((entry) => entry.id)).toEqual(['gone']);
  });

  it('stores the new URL after a permanent redirect', async () => {
    harness = await IngestHarness.create();
    server.redirect('/old-home.xml', 301, '/new-home.xml').feed('/new-home.xml', await readFixture('basic.rss.xml'));
    await subscribe('moved', '/old-home.xml');
    await harness.poller.runDue();
    expect((await harness.subscriptions.get('moved'))?.url).toBe(server.urlOf('/new-home.xml'));
  });

  it('leaves subscriptions due when the run is out of time, and picks them up next run', async () => {
    harness = await IngestHarness.create();
    server.feed('/later.xml', await readFixture('basic.rss.xml'));
    await subscribe('later-a', '/later.xml');
    await subscribe('later-b', '/later.xml');
    expect(await harness.poller.runDue({ deadline: Date.now() - 1 })).toMatchObject({ due: 2, polled: 0, deferred: 2 });
    expect(await harness.poller.runDue()).toMatchObject({ due: 2, polled: 2 });
  });

  it('lets only one of two concurrent runs poll a subscription', async () => {
    harness = await IngestHarness.create();
    server.feed('/contended.xml', await readFixture('basic.rss.xml'));
    await subscribe('contended', '/contended.xml');
    const requestsBefore = server.requestsTo('/contended.xml').length;
    const [one, two] = await Promise.all([harness.poller.runDue(), harness.poller.runDue()]);
    expect(one.polled + two.polled).toBe(1);
    expect(server.requestsTo('/contended.xml').length - requestsBefore).toBe(1);
  });

  it('never lets an older version of an item overwrite a newer one', async () => {
    harness = await IngestHarness.create();
    server.feed('/versions.xml', await readFixture('basic.rss.xml'));
    await subscribe('versions', '/versions.xml');
    await harness.poller.runDue();
    const [post] = [...(await harness.postsById()).values()];
    if (!post) throw new Error('no post');
    const store = new IngestedPostStore(harness.clients.documents, harness.tableName);
    const newer = { ...post, title: 'Newer', updatedAt: '2026-12-01T00:00:00.000Z' };
    expect(await store.write(newer, contentHashOf(newer), true)).toBe('updated');
    const older = { ...post, title: 'Older' };
    expect(await store.write(older, contentHashOf(older), true)).toBe('unchanged');
    expect(await store.write(newer, contentHashOf(newer), true)).toBe('unchanged');
    expect((await harness.postsById()).get(post.id)?.title).toBe('Newer');
  });

  it('finds due subscriptions with a Query of the due index, not a Scan', async () => {
    harness = await IngestHarness.create();
    const commands: string[] = [];
    harness.clients.dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    await subscribe('query-only', '/nothing-here.xml');
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { pk: 'SUB#not-due', sk: 'SUB', id: 'not-due' } });
    await new PollScheduleStore(harness.clients.documents, harness.tableName).due(new Date(), 10);
    expect(commands).toContain('QueryCommand');
    expect(commands).not.toContain('ScanCommand');
  });
});

describe('a subscription of another publication', () => {
  it('files its items in that publication’s partition, with the publication named, and finds them again', async () => {
    harness = await IngestHarness.create();
    server.feed('/ru-wire.xml', await readFixture('basic.rss.xml'));
    const added = await harness.subscriptions.add({ id: 'ru-wire', url: server.urlOf('/ru-wire.xml'), topics, publication: 'ru' }, new Date(Date.now() - 1_000));
    expect(added.publication).toBe('ru');
    expect(await harness.poller.runDue()).toMatchObject({ itemsCreated: 3 });

    const stored = await harness.clients.documents.scan({ TableName: harness.tableName, FilterExpression: 'sk = :sk', ExpressionAttributeValues: { ':sk': 'POST' } });
    const items = stored.Items ?? [];
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item.pk).toBe(`PUB#ru#POST#${String(item.id)}`);
      expect(item.publication).toBe('ru');
    }
    expect(await harness.postsById()).toEqual(new Map());
    const ruPosts = [];
    for await (const result of harness.posts.listAll('ru')) if (result.ok) ruPosts.push(result.post);
    expect(ruPosts).toHaveLength(3);

    // The second poll finds the stored hashes in the ru partition: nothing is rewritten.
    expect(await harness.poller.pollNow(['ru-wire'])).toMatchObject({ itemsCreated: 0, itemsUpdated: 0 });
  });

  it('leaves the publication off the default publication’s items, so their content hash is the one stored before publications', async () => {
    harness = await IngestHarness.create();
    server.feed('/default-wire.xml', await readFixture('basic.rss.xml'));
    await subscribe('default-wire', '/default-wire.xml');
    await harness.poller.runDue();
    const posts = [...(await harness.postsById()).values()];
    expect(posts).toHaveLength(3);
    expect(posts.every((post) => !('publication' in post))).toBe(true);
  });
});
