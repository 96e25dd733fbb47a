import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFeedPoller, type WiredFeedPoller } from '../../../shared/ingest/create-feed-poller.ts';
import { FEED_FORMATS } from '../../../shared/feed/feed-id.ts';
import { FixtureFeedServer, readFixture } from '../../support/fixture-feed-server.ts';
import { testPollerConfig } from '../../support/ingest-harness.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { NS, parseStrictXml } from '../../unit/feed/strict-xml-tree.ts';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';

let server: FixtureFeedServer;
let harness: PublishHarness;
let ingest: WiredFeedPoller;

beforeAll(async () => {
  server = await FixtureFeedServer.start();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await ingest?.close();
  await harness?.close();
});

describe('end to end: a subscription through the poller, the stream and the publisher into S3', () => {
  it("publishes a subscription's items in its source feed, in all, and in its topics; an unchanged poll regenerates nothing", async () => {
    harness = await PublishHarness.create();
    ingest = createFeedPoller({ documents: harness.clients.documents, config: testPollerConfig(harness.tableName), log: SILENT_LOG });
    server.feed('/wire.xml', await readFixture('basic.rss.xml'));
    await ingest.subscriptions.add({ id: 'fixture-wire', url: server.urlOf('/wire.xml'), topics: [{ slug: 'wire', label: 'Partner wire' }] }, new Date(Date.now() - 1_000));

    expect(await ingest.poller.runDue()).toMatchObject({ itemsCreated: 3 });
    await harness.drain();

    const atom = await harness.readFeed('sources/fixture-wire', 'atom');
    expect(atom?.contentType).toBe('application/xml; charset=utf-8');
    const root = parseStrictXml(atom?.body ?? '');
    const title = root.children.find((child) => child.uri === NS.atom && child.local === 'title');
    expect(title?.text).toBe('Steppe Rights Monitor: Fixture Wire');
    const alternate = root.children.find((child) => child.uri === NS.atom && child.local === 'link' && child.attributes.rel === 'alternate');
    expect(alternate?.attributes.href).toBe('https://wire.example/'); // the partner's own site, from its channel link
    const sourceIds = await harness.idsInFeed('sources/fixture-wire');
    expect(sourceIds).toHaveLength(3);
    expect(sourceIds?.every((id) => id.startsWith('src-fixture-wire-'))).toBe(true);
    expect(await harness.idsInFeed('all')).toEqual(sourceIds);
    expect(await harness.idsInFeed('topics/wire')).toEqual(sourceIds);
    for (const format of FEED_FORMATS) expect(await harness.readFeed('sources/fixture-wire', format)).toBeDefined();

    const invocations = harness.invocations.length;
    const puts = harness.puts.length;
    expect(await ingest.poller.pollNow(['fixture-wire'])).toMatchObject({ notModified: 1 });
    await harness.drain();
    expect(harness.invocations.length).toBe(invocations);
    expect(harness.puts.length).toBe(puts);

    server.feed('/wire.xml', await readFixture('basic-changed.rss.xml'), { lastModified: new Date('2026-11-25T09:00:00Z') });
    expect(await ingest.poller.pollNow(['fixture-wire'])).toMatchObject({ itemsCreated: 1, itemsUpdated: 1 });
    await harness.drain();
    expect(await harness.idsInFeed('sources/fixture-wire')).toHaveLength(4);
    expect((await harness.readFeed('all', 'rss'))?.body).toContain('Court session postponed again');
  });
});
