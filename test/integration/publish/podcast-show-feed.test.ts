import { afterEach, describe, expect, it } from 'vitest';
import { PodcastShowSchema } from '../../../shared/podcast/podcast-show.ts';
import { PodcastShowStore } from '../../../shared/store/podcast-show-store.ts';
import { applePodcastProblems } from '../../support/apple-podcast-requirements.ts';
import { episodeFields, podcastShowInput } from '../../support/podcast-show-factory.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { testPublication } from '../../support/test-publication.ts';

let harness: PublishHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function guidsOf(xml: string): string[] {
  return [...xml.matchAll(/<guid isPermaLink="false">([^<]+)<\/guid>/g)].map((match) => match[1] ?? '');
}

describe("a show's podcast feed, published from the stream", () => {
  it('lists the episodes with audio, with the show settings, and keeps each guid when the audio moves', async () => {
    harness = await PublishHarness.create();
    await new PodcastShowStore(harness.clients.documents, harness.tableName).add(PodcastShowSchema.parse(podcastShowInput()));
    await harness.posts.put(makePost({ id: 'steppe-hour-1', publishedAt: '2026-11-06T06:00:00Z', updatedAt: undefined, ...episodeFields(1) }));
    await harness.posts.put(makePost({ id: 'steppe-hour-2', publishedAt: '2026-11-13T06:00:00Z', updatedAt: undefined, ...episodeFields(2) }));
    await harness.posts.put(makePost({ id: 'plain-report', publishedAt: '2026-11-14T06:00:00Z', updatedAt: undefined }));
    await harness.drain();

    const rss = (await harness.readFeed('shows/steppe-hour', 'rss'))?.body ?? '';
    expect(rss).toContain('<title>The Steppe Hour</title>');
    expect(rss).toContain('<itunes:image href="https://humanrights.example.org/art/steppe-hour-3000.jpg"/>');
    expect(await harness.idsInFeed('shows/steppe-hour')).toEqual(['steppe-hour-2', 'steppe-hour-1']);
    expect(applePodcastProblems(rss)).toEqual([]);
    expect(await harness.readFeed('shows/steppe-hour', 'atom')).toBeDefined();

    await harness.posts.put(makePost({ id: 'steppe-hour-1', publishedAt: '2026-11-06T06:00:00Z', updatedAt: '2026-11-20T06:00:00Z', ...episodeFields(1, 'https://cdn2.humanrights.example.org/moved/1.mp3') }));
    await harness.drain();
    const moved = (await harness.readFeed('shows/steppe-hour', 'rss'))?.body ?? '';
    expect(moved).toContain('https://cdn2.humanrights.example.org/moved/1.mp3');
    expect(guidsOf(moved)).toEqual(guidsOf(rss));
  });

  it("renders a show of ru from ru's own settings under pubs/ru/, and a show of the same id in default stays apart", async () => {
    harness = await PublishHarness.create();
    await harness.publications.add(testPublication('ru', { title: 'Монитор прав степи', language: 'ru' }));
    const shows = new PodcastShowStore(harness.clients.documents, harness.tableName);
    await shows.add(PodcastShowSchema.parse(podcastShowInput({ publicationId: 'ru', title: 'Час степи', language: 'ru' })));
    await shows.add(PodcastShowSchema.parse(podcastShowInput()));
    await harness.posts.put(makePost({ id: 'ru-steppe-hour-1', publication: 'ru', language: 'ru', title: 'Суд над журналистом отложен', publishedAt: '2026-11-06T06:00:00Z', updatedAt: undefined, ...episodeFields(1) }));
    await harness.posts.put(makePost({ id: 'steppe-hour-1', publishedAt: '2026-11-07T06:00:00Z', updatedAt: undefined, ...episodeFields(1) }));
    await harness.drain();

    const rss = (await harness.readFeed('shows/steppe-hour', 'rss', 'ru'))?.body ?? '';
    expect(rss).toContain('<title>Час степи</title>');
    expect(rss).toContain('<language>ru</language>');
    expect(rss).toContain('<itunes:image href="https://humanrights.example.org/art/steppe-hour-3000.jpg"/>');
    expect(rss).toContain('https://feeds.humanrights.example.org/pubs/ru/feeds/shows/steppe-hour/rss.xml');
    expect(applePodcastProblems(rss)).toEqual([]);
    expect(await harness.idsInFeed('shows/steppe-hour', 'ru')).toEqual(['ru-steppe-hour-1']);
    expect(await harness.idsInFeed('shows/steppe-hour')).toEqual(['steppe-hour-1']);
    expect((await harness.readFeed('shows/steppe-hour', 'rss'))?.body).toContain('<title>The Steppe Hour</title>');
  });

  it('publishes the episodes of a show without settings as a plain feed, and says so', async () => {
    harness = await PublishHarness.create();
    await harness.posts.put(makePost({ id: 'orphan-episode', ...episodeFields(3) }));
    await harness.drain();
    const rss = (await harness.readFeed('shows/steppe-hour', 'rss'))?.body ?? '';
    expect(rss).toContain('orphan-episode');
    expect(rss).not.toContain('itunes:image');
    expect(harness.log.withMessage('show feed has no show settings; published without podcast tags').length > 0).toBe(true);
  });
});
