import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedPoller, type WiredFeedPoller } from '../../../shared/ingest/create-feed-poller.ts';
import { decodeBody } from '../../../shared/ingest/decode/decode-body.ts';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import { FEED_FORMATS, sourceFeedId } from '../../../shared/feed/feed-id.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';
import { FixtureFeedServer, readFixture } from '../../support/fixture-feed-server.ts';
import { testPollerConfig } from '../../support/ingest-harness.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

/** The three partner feeds with media, each served with the type its format is served with. */
const PARTNERS = [
  { id: 'aral-voices', fixture: 'podcast.rss.xml', contentType: 'application/rss+xml; charset=utf-8' },
  { id: 'tienshan-radio', fixture: 'enclosures.atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
  { id: 'caspian-post', fixture: 'attachments.feed.json', contentType: 'application/feed+json; charset=utf-8' },
] as const;

let server: FixtureFeedServer;
let harness: PublishHarness;
let ingest: WiredFeedPoller;
/** Every ingested post, by title. */
let posts: Map<string, Post>;

beforeAll(async () => {
  server = await FixtureFeedServer.start();
  harness = await PublishHarness.create();
  ingest = createFeedPoller({ documents: harness.clients.documents, config: testPollerConfig(harness.tableName), log: SILENT_LOG });
  for (const partner of PARTNERS) {
    server.feed(`/${partner.fixture}`, await readFixture(partner.fixture), { contentType: partner.contentType });
    await ingest.subscriptions.add({ id: partner.id, url: server.urlOf(`/${partner.fixture}`), topics: [{ slug: 'central-asia', label: 'Central Asia' }] }, new Date(Date.now() - 1_000));
  }
  expect(await ingest.poller.runDue()).toMatchObject({ itemsCreated: 6 });
  await harness.drain();
  posts = new Map();
  for await (const result of new PostStore(harness.clients.documents, harness.tableName).listAll()) if (result.ok) posts.set(result.post.title, result.post);
});

afterAll(async () => {
  await ingest?.close();
  await harness?.close();
  await server?.close();
});

/**
 * The poller's real path (fetch from 127.0.0.1 with its guard, decode, parse, normalise, store)
 * and then the stream into the publisher, for the partner media fixtures that the unit tests parse
 * from disk: what reaches the table and what the source feeds then carry.
 */
describe('partner audio and video, polled from the fixture server and republished', () => {
  it("stores a podcast RSS feed's enclosures, Media RSS group and iTunes durations as attachments", () => {
    expect(posts.get('Episode 14: The net menders of Aralsk')?.attachments).toEqual([
      { url: 'https://cdn.aral-voices.example/audio/ep14.mp3', type: 'audio/mpeg', length: 28_311_552, durationSeconds: 1_769 },
    ]);
    expect(posts.get('Episode 13: A schoolteacher counts the returning birds')?.attachments).toEqual([
      { url: 'https://aral-voices.example/audio/ep13.mp3', type: 'audio/mpeg', length: 19_922_944, durationSeconds: 1_245 },
      { url: 'https://cdn.aral-voices.example/audio/ep13.mp3', type: 'audio/mpeg', durationSeconds: 1_245, title: 'Episode 13 in two versions' },
      { url: 'https://cdn.aral-voices.example/audio/ep13.m4a', type: 'audio/x-m4a', length: 17_825_792, durationSeconds: 1_245, title: 'Episode 13 in two versions' },
    ]);
    const trailer = posts.get('Trailer: season two');
    expect(trailer?.attachments).toEqual([{ url: 'https://cdn.aral-voices.example/video/trailer-2.mp4', type: 'video/mp4', length: 9_437_184, durationSeconds: 90 }]);
    expect(trailer?.image?.url).toBe('https://aral-voices.example/art/trailer-2.jpg');
    expect(posts.get('Episode 14: The net menders of Aralsk')?.transcript).toEqual({ url: 'https://aral-voices.example/transcripts/ep14.vtt', type: 'text/vtt' });
  });

  it("stores an Atom feed's audio and video enclosure links, and nothing for a PDF", () => {
    const withMedia = [...posts.values()].filter((post) => post.source?.subscriptionId === 'tienshan-radio');
    expect(withMedia).toHaveLength(2);
    expect(withMedia.flatMap((post) => post.attachments ?? [])).toEqual([
      { url: 'https://tienshan-radio.example/media/pasture-hearing.ogg', type: 'audio/ogg', length: 6_291_456, durationSeconds: 2_710, title: 'The full hearing' },
      { url: 'https://tienshan-radio.example/recordings/media/pasture-hearing.webm', type: 'video/webm', length: 52_428_800, title: 'Filmed from the back row' },
    ]);
  });

  it("stores a JSON Feed's audio attachments, leaving its image and document out", () => {
    expect(posts.get('Listening post 41: the oil town strike, day nine')?.attachments).toEqual([
      { url: 'https://caspian-post.example/audio/41.m4a', type: 'audio/x-m4a', length: 14_680_064, durationSeconds: 1_504, title: 'Day nine at the gate' },
      { url: 'https://caspian-post.example/audio/41-raw.opus', type: 'audio/opus', durationSeconds: 3_600 },
    ]);
  });

  it.each(PARTNERS.flatMap((partner) => FEED_FORMATS.map((format) => ({ partner: partner.id, format }))))(
    'republishes every attachment of $partner in its source feed ($format), as read back by our own parser',
    async ({ partner, format }) => {
      const document = await harness.readFeed(sourceFeedId(partner), format);
      expect(document, `${partner} ${format}`).toBeDefined();
      const republished = await parseFeed(decodeBody(Buffer.from(document?.body ?? '', 'utf8'), undefined).text);
      const stored = [...posts.values()].filter((post) => post.source?.subscriptionId === partner);
      expect(republished.items).toHaveLength(stored.length);
      for (const post of stored) {
        const item = republished.items.find((each) => each.title === post.title);
        expect(item?.attachments, post.title).toEqual(post.attachments ?? []);
      }
    },
  );

  it('puts the first attachment in the RSS enclosure podcast apps play, and every file in the all feed too', async () => {
    const rss = (await harness.readFeed(sourceFeedId('aral-voices'), 'rss'))?.body ?? '';
    expect(rss).toContain('<enclosure url="https://aral-voices.example/audio/ep13.mp3" length="19922944" type="audio/mpeg"/>');
    expect(rss).toContain('<enclosure url="https://cdn.aral-voices.example/video/trailer-2.mp4" length="9437184" type="video/mp4"/>');
    const all = (await harness.readFeed('all', 'json'))?.body ?? '';
    for (const post of posts.values()) for (const attachment of post.attachments ?? []) expect(all).toContain(JSON.stringify(attachment.url));
  });
});
