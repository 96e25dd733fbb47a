import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureFeedServer, INGEST_FIXTURES, readFixture } from '../../support/fixture-feed-server.ts';
import { IngestHarness } from '../../support/ingest-harness.ts';

/** Items in each fixture of test/fixtures/ingest/wellformed/: every one must become a post. */
const ITEMS_PER_FIXTURE: Record<string, number> = {
  'atom-0.3.atom.xml': 2,
  'atom-link-without-href.atom.xml': 2,
  'atom-with-doctype.atom.xml': 1,
  'entry-document.atom.xml': 1,
  'html-entities-and-undeclared-prefixes.rss.xml': 2,
  'json-feed-bare-version.feed.json': 1,
  'prefixed-atom-root.atom.xml': 2,
  'prefixed-entries.atom.xml': 2,
  'prefixed-rss-root.xml': 2,
  'rdf-without-channel.rdf': 2,
  'rss-items-outside-channel.xml': 2,
  'rss-version-1.0.xml': 1,
  'rss-without-version.xml': 2,
  'utf-16be-no-bom.atom.xml': 1,
  'utf-16le-no-bom.rss.xml': 1,
  'utf-32be-bom.atom.xml': 1,
  'utf-32be-no-bom.atom.xml': 1,
  'utf-32le-bom.rss.xml': 1,
  'utf-32le-no-bom.rss.xml': 1,
  'xhtml-content.atom.xml': 2,
};

let server: FixtureFeedServer;
let harness: IngestHarness;

beforeAll(async () => {
  server = await FixtureFeedServer.start();
  harness = await IngestHarness.create();
});
afterAll(async () => {
  await harness?.close();
  await server?.close();
});

describe('polling well-formed feeds that rss-parser refused', () => {
  it('writes every item of every fixture, served over HTTP as partners serve them', async () => {
    const names = (await readdir(`${INGEST_FIXTURES}wellformed/`)).sort();
    expect(names).toEqual(Object.keys(ITEMS_PER_FIXTURE).sort());
    const addedAt = new Date(Date.now() - 1_000);
    for (const [index, name] of names.entries()) {
      // A generic type and no charset: the poller must find the format and encoding in the bytes.
      server.feed(`/wellformed/${name}`, await readFixture(`wellformed/${name}`), { contentType: 'application/xml' });
      await harness.subscriptions.add({ id: `wellformed-${index}`, url: server.urlOf(`/wellformed/${name}`), topics: [{ slug: 'wire', label: 'Wire' }] }, addedAt);
    }

    const run = await harness.poller.runDue();

    const expectedItems = Object.values(ITEMS_PER_FIXTURE).reduce((sum, count) => sum + count, 0);
    expect(run).toMatchObject({ polled: names.length, failed: 0, itemsCreated: expectedItems });
    const posts = [...(await harness.postsById()).values()];
    const subscriptionsByIndex = new Map(names.map((name, index) => [`wellformed-${index}`, name]));
    const written = new Map<string, number>();
    for (const post of posts) {
      const name = subscriptionsByIndex.get(post.source?.subscriptionId ?? '') ?? 'unknown';
      written.set(name, (written.get(name) ?? 0) + 1);
    }
    expect(Object.fromEntries(written)).toEqual(ITEMS_PER_FIXTURE);
    expect(posts.map((post) => post.title)).toContain('Суд журналистни озод қилди');
    const warned = harness.log.withMessage('feed read with warnings').map((event) => event.attributes.warnings);
    expect(warned).toContainEqual(['JSON Feed version "1.1" is not the version URL; read as JSON Feed 1.1']);
  });
});
