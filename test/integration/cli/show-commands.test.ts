import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { podcastGuidOf } from '../../../shared/podcast/podcast-guid.ts';
import { membershipKey } from '../../../shared/store/feed-membership-store.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { episodeFields, podcastShowInput } from '../../support/podcast-show-factory.ts';
import { makePost } from '../../support/post-factory.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('cli-show');
const bucketName = uniqueResourceName('cli-show-feeds');
let folder: string;

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await createBucket(clients.s3, bucketName);
  folder = await pointCliAtEmulators({ tableName, bucketName });
  const post = makePost({ id: 'cli-show-episode', ...episodeFields(1) });
  await clients.documents.put({ TableName: tableName, Item: { ...membershipKey('shows/steppe-hour', post.publishedAt, post.id), postId: post.id, post } });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

async function showFile(name: string, show: unknown): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, JSON.stringify(show));
  return file;
}

async function podcastFeed(): Promise<string> {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: 'feeds/shows/steppe-hour/rss.xml' }));
  return (await object.Body?.transformToString()) ?? '';
}

describe('feedline show against the running local pipeline', () => {
  it('refuses an invalid show, naming each field and its reason, and saves nothing', async () => {
    const file = await showFile('bad.json', podcastShowInput({ artwork: { url: 'https://e.org/a.jpg', width: 1000, height: 1200 }, category: { name: 'Podcasts' } }));
    const output = captureOutput();
    expect(await main(['show', 'add', file])).toBe(1);
    expect(output.err()).toMatch(/artwork\.width: must be at least 1400/);
    expect(output.err()).toMatch(/category\.name: "Podcasts" is not an Apple Podcasts category/);
    const list = captureOutput();
    expect(await main(['show', 'list'])).toBe(0);
    expect(list.out()).toContain('0 show(s) in publication default');
  });

  it('adds a show and publishes its podcast feed; refuses the same id twice; updates; removes', async () => {
    const added = captureOutput();
    expect(await main(['show', 'add', await showFile('show.json', podcastShowInput())])).toBe(0);
    expect(added.out()).toMatch(/added show steppe-hour/);
    expect(added.out()).toMatch(/shows\/steppe-hour: written rss, atom, json \(1 episodes\)/);
    expect(added.out()).toContain('http://127.0.0.1:8080/feeds/shows/steppe-hour/rss.xml');
    expect(await podcastFeed()).toContain('<itunes:category text="News">');

    const again = captureOutput();
    expect(await main(['show', 'add', await showFile('show.json', podcastShowInput())])).toBe(1);
    expect(again.err()).toMatch(/already exists \(use show update/);

    const listed = captureOutput();
    expect(await main(['show', 'list', '--json'])).toBe(0);
    expect(JSON.parse(listed.out())).toMatchObject([{ id: 'steppe-hour', publicationId: 'default', title: 'The Steppe Hour' }]);

    expect(await main(['show', 'update', await showFile('renamed.json', podcastShowInput({ title: 'The Steppe Hour, weekly' }))])).toBe(0);
    expect(await podcastFeed()).toContain('<title>The Steppe Hour, weekly</title>');

    const removed = captureOutput();
    expect(await main(['show', 'remove', 'steppe-hour'])).toBe(0);
    expect(removed.out()).toMatch(/removed show steppe-hour/);
    expect(await podcastFeed()).not.toContain('itunes:image');
    expect(await main(['show', 'remove', 'steppe-hour'])).toBe(1);
  });

  it('stores the podcast:guid of the feed URL at creation, and keeps it when the feed moves', async () => {
    const { guid: _none, ...withoutGuid } = podcastShowInput({ id: 'steppe-hour' });
    expect(await main(['show', 'add', await showFile('no-guid.json', withoutGuid)])).toBe(0);
    const firstUrl = 'http://127.0.0.1:8080/feeds/shows/steppe-hour/rss.xml';
    const stored = captureOutput();
    expect(await main(['show', 'list', '--json'])).toBe(0);
    expect(JSON.parse(stored.out())).toMatchObject([{ id: 'steppe-hour', guid: podcastGuidOf(firstUrl) }]);

    // The feed moves (another port here, a custom domain in AWS); the update's file has no guid either.
    await pointCliAtEmulators({ tableName, bucketName, feedServerUrl: 'http://127.0.0.1:9090/' });
    expect(await main(['show', 'update', await showFile('moved.json', { ...withoutGuid, title: 'The Steppe Hour, moved' })])).toBe(0);
    const feed = await podcastFeed();
    expect(feed).toContain('http://127.0.0.1:9090/feeds/shows/steppe-hour/rss.xml');
    expect(feed).toContain(`<podcast:guid>${podcastGuidOf(firstUrl)}</podcast:guid>`);
    expect(await main(['show', 'remove', 'steppe-hour'])).toBe(0);
  });

  it('refuses a show without a guid where its feed URL is not known, and saves nothing', async () => {
    const { guid: _none, ...withoutGuid } = podcastShowInput({ id: 'valley-voices' });
    const output = captureOutput();
    expect(await main(['show', 'add', '--table', tableName, await showFile('table-only.json', withoutGuid)])).toBe(1);
    expect(output.err()).toMatch(/show valley-voices has no guid and its feed URL is not known here .*set "guid" in the file/);
    // Refused before any request: --table alone would reach AWS, which no test does.
    const other = captureOutput();
    expect(await main(['show', 'add', await showFile('other-publication.json', { ...withoutGuid, publicationId: 'fa' })])).toBe(1);
    expect(other.err()).toBe('error: no publication fa (see feedline pub list; add one with feedline pub add)\n');
  });
});

describe('feedline show in a publication other than the default one', () => {
  const RU_FEED_URL = 'http://127.0.0.1:8080/pubs/ru/feeds/shows/ru-hour/rss.xml';

  beforeAll(async () => {
    await pointCliAtEmulators({ tableName, bucketName });
    const russianService = ['--title', 'Rights Watch in Russian', '--description', 'The Russian service.', '--site-url', 'https://ru.rights.example.org/', '--language', 'ru', '--tag-authority', 'ru.rights.example.org,2026'];
    expect(await main(['pub', 'add', 'ru', ...russianService])).toBe(0);
    const post = makePost({ id: 'ru-hour-episode', publication: 'ru', language: 'ru', title: 'Час степи: суд над журналистом', ...episodeFields(1), episode: { show: 'ru-hour', number: 1 } });
    await clients.documents.put({ TableName: tableName, Item: { ...membershipKey('shows/ru-hour', post.publishedAt, post.id, 'ru'), postId: post.id, post } });
  });

  it('adds a show of ru with the guid of its feed under pubs/ru/, and publishes that feed', async () => {
    const { guid: _none, ...withoutGuid } = podcastShowInput({ id: 'ru-hour', publicationId: 'ru', title: 'Час степи', language: 'ru' });
    const added = captureOutput();
    expect(await main(['show', 'add', await showFile('ru-show.json', withoutGuid)])).toBe(0);
    expect(added.out()).toContain('added show ru-hour (Час степи) to publication ru');
    expect(added.out()).toMatch(/shows\/ru-hour: written rss, atom, json \(1 episodes\)/);
    expect(added.out()).toContain(RU_FEED_URL);

    const listed = captureOutput();
    expect(await main(['show', 'list', '--publication', 'ru', '--json'])).toBe(0);
    expect(JSON.parse(listed.out())).toMatchObject([{ id: 'ru-hour', publicationId: 'ru', guid: podcastGuidOf(RU_FEED_URL) }]);

    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: 'pubs/ru/feeds/shows/ru-hour/rss.xml' }));
    const feed = (await object.Body?.transformToString()) ?? '';
    expect(feed).toContain('<title>Час степи</title>');
    expect(feed).toContain(`<atom:link href="${RU_FEED_URL}"`);
    expect(feed).toContain(`<podcast:guid>${podcastGuidOf(RU_FEED_URL)}</podcast:guid>`);
    expect(feed).toContain('Час степи: суд над журналистом');
  });
});
