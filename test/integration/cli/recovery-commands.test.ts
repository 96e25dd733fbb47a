import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { PodcastShowSchema } from '../../../shared/podcast/podcast-show.ts';
import { membershipKey } from '../../../shared/store/feed-membership-store.ts';
import { PodcastShowStore } from '../../../shared/store/podcast-show-store.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { podcastShowInput } from '../../support/podcast-show-factory.ts';
import { makePost } from '../../support/post-factory.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('cli-rebuild');
const bucketName = uniqueResourceName('cli-rebuild-feeds');

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await createBucket(clients.s3, bucketName);
  await pointCliAtEmulators({ tableName, bucketName });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  vi.restoreAllMocks();
  const output = captureOutput();
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out: output.out(), err: output.err() };
}

async function objectText(key: string): Promise<string> {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
  return (await object.Body?.transformToString()) ?? '';
}

async function objectKeysUnder(prefix: string): Promise<string[]> {
  const listing = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

describe('feedline rebuild --feed against the running local pipeline', () => {
  it('refuses a feed that has no posts and that nothing files items under, and publishes nothing', async () => {
    const output = captureOutput();
    expect(await main(['rebuild', '--feed', 'topics/no-such-topic'])).toBe(1);
    expect(output.err()).toContain('topics/no-such-topic has no posts');
    expect(await objectKeysUnder('feeds/topics/no-such-topic/')).toEqual([]);
  });

  it('rebuilds a feed that has posts', async () => {
    const post = makePost({ id: 'cli-rebuild-post', topics: [{ slug: 'kazakhstan', label: 'Kazakhstan' }] });
    await clients.documents.put({ TableName: tableName, Item: { ...membershipKey('topics/kazakhstan', post.publishedAt, post.id), postId: post.id, post } });
    const output = captureOutput();
    expect(await main(['rebuild', '--feed', 'topics/kazakhstan'])).toBe(0);
    expect(output.out()).toMatch(/topics\/kazakhstan: written .* \(1 items\)/);
    expect(await objectKeysUnder('feeds/topics/kazakhstan/')).toContain('feeds/topics/kazakhstan/atom.xml');
  });

  it('rebuilds the feed of a topic a subscription files items under, before it has any', async () => {
    await new SubscriptionRegistry(clients.documents, tableName).add({ id: 'cli-rebuild-wire', url: 'https://wire.example/rss.xml', topics: [{ slug: 'wire', label: 'Wire' }] }, new Date());
    const output = captureOutput();
    expect(await main(['rebuild', '--feed', 'topics/wire'])).toBe(0);
    expect(output.out()).toMatch(/topics\/wire: written .* \(0 items\)/);
  });

  it('asks for --function when given only a table: a rebuild needs the site settings', async () => {
    const output = captureOutput();
    expect(await main(['rebuild', '--all', '--table', tableName])).toBe(2);
    expect(output.err()).toContain('pass --function <StreamFunctionName> instead of --table');
  });
});

describe('feedline rebuild --publication <id>', () => {
  const RUSSIAN_SERVICE = [
    '--title', 'Rights Watch in Russian',
    '--description', 'Court reporting from the Russian service.',
    '--site-url', 'https://ru.rights.example.org/',
    '--language', 'ru',
    '--tag-authority', 'ru.rights.example.org,2026',
  ];

  beforeAll(async () => {
    expect((await run('pub', 'add', 'ru', ...RUSSIAN_SERVICE)).code).toBe(0);
    await new PostStore(clients.documents, tableName).put(
      makePost({
        id: 'ru-appeal-hearing',
        publication: 'ru',
        title: 'Апелляционный суд снова отложил слушание',
        url: 'https://ru.rights.example.org/2026/11/appeal-hearing',
        topics: [{ slug: 'courts', label: 'Суды' }],
        language: 'ru',
      }),
    );
  });

  it('runs the rebuild pub update prints: the publication’s feeds under pubs/ru/ take its new settings', async () => {
    const updated = await run('pub', 'update', 'ru', '--title', 'Rights Watch: Russian service');
    expect(updated.code).toBe(0);
    const printed = /npx feedline (rebuild .*)$/m.exec(updated.out)?.[1];
    expect(printed).toBe('rebuild --all --publication ru');

    const rebuilt = await run(...(printed ?? '').split(' '));
    expect(rebuilt).toMatchObject({ code: 0, err: '' });
    expect(rebuilt.out).toContain('rebuilding publication ru on');
    expect(rebuilt.out).toMatch(/topics\/courts: written .* \(1 items\)/);
    expect(rebuilt.out).toContain('pubs/ru/index.html written');
    const rss = await objectText('pubs/ru/feeds/all/rss.xml');
    expect(rss).toContain('<title>Rights Watch: Russian service</title>');
    expect(rss).toContain('Апелляционный суд снова отложил слушание');
    expect(rss).toContain('<language>ru</language>');
    expect(await objectKeysUnder('pubs/ru/feeds/topics/courts/')).toContain('pubs/ru/feeds/topics/courts/atom.xml');
    expect(await objectKeysUnder('feeds/topics/courts/')).toEqual([]);
  });

  it('rebuilds one feed of the publication, and refuses a feed only another publication has', async () => {
    const one = await run('rebuild', '--feed', 'topics/courts', '--publication', 'ru');
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/topics\/courts: (written|unchanged) .* \(1 items\)/);

    const elsewhere = await run('rebuild', '--feed', 'topics/kazakhstan', '--publication', 'ru');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('topics/kazakhstan has no posts');
    expect(await objectKeysUnder('pubs/ru/feeds/topics/kazakhstan/')).toEqual([]);
  });

  it('knows the topic and source feeds of the publication’s own subscriptions and shows only', async () => {
    await new PodcastShowStore(clients.documents, tableName).add(PodcastShowSchema.parse(podcastShowInput({ id: 'ru-hour', publicationId: 'ru', language: 'ru' })));
    expect((await run('rebuild', '--feed', 'shows/ru-hour', '--publication', 'ru')).out).toMatch(/shows\/ru-hour: written .* \(0 items\)/);
    expect((await run('rebuild', '--feed', 'shows/ru-hour')).err).toContain('shows/ru-hour has no posts');
    await new SubscriptionRegistry(clients.documents, tableName).add(
      { id: 'cli-rebuild-ru-wire', url: 'https://ru-wire.example/rss.xml', topics: [{ slug: 'ru-wire', label: 'Лента' }], publication: 'ru' },
      new Date(),
    );
    expect((await run('rebuild', '--feed', 'topics/ru-wire', '--publication', 'ru')).code).toBe(0);
    expect((await run('rebuild', '--feed', 'sources/cli-rebuild-ru-wire', '--publication', 'ru')).code).toBe(0);
    expect((await run('rebuild', '--feed', 'topics/ru-wire')).err).toContain('topics/ru-wire has no posts');
    expect((await run('rebuild', '--feed', 'sources/cli-rebuild-ru-wire')).err).toContain('sources/cli-rebuild-ru-wire has no posts');
    expect((await run('rebuild', '--feed', 'topics/wire', '--publication', 'ru')).err).toContain('topics/wire has no posts');
  });

  it('refuses a publication whose stored settings are broken, naming them, and writes nothing', async () => {
    await clients.documents.put({ TableName: tableName, Item: { pk: 'NETWORK', sk: 'PUB#kk', id: 'kk', title: 'Broken' } });
    const refused = await run('rebuild', '--all', '--publication', 'kk');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('publication kk cannot be published');
    expect(await objectKeysUnder('pubs/kk/')).toEqual([]);
  });
});
