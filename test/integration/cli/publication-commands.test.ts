import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePost } from '../../../shared/post/post-validation.ts';
import { membershipSortKey } from '../../../shared/store/table-design.ts';
import { useCliTestRig } from '../../support/cli-test-rig.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';
import { postInput } from '../../support/post-factory.ts';
import { runCli as run } from '../../support/run-cli.ts';

const rig = useCliTestRig('cli-pub');
const { clients, tableName } = rig;

const RUSSIAN_SERVICE = [
  '--title', 'Rights Watch in Russian',
  '--description', 'Court reporting and press freedom news from the Russian service.',
  '--site-url', 'https://ru.rights.example.org/',
  '--language', 'ru',
  '--tag-authority', 'ru.rights.example.org,2026',
];

async function postFile(name: string, content: unknown): Promise<string> {
  const file = path.join(rig.directory, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

/** What the stream handler writes when a post of the publication is published into its all feed. */
async function publishIntoAllFeed(partitionPrefix: string, input: Record<string, unknown>): Promise<void> {
  const post = validatePost(input);
  await clients.documents.put({ TableName: tableName, Item: { pk: `${partitionPrefix}FEED#all`, sk: membershipSortKey(post.publishedAt, post.id), postId: post.id, post } });
}

describe('feedline pub commands', () => {
  it('adds a publication with its feeds under the deployment’s pubs/<id>/ folder', async () => {
    const added = await run('pub', 'add', 'ru', ...RUSSIAN_SERVICE);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toContain('added publication ru (ru): Rights Watch in Russian');
    expect(added.out).toContain('feeds at http://127.0.0.1:8080/pubs/ru/');
    const stored = await clients.documents.get({ TableName: tableName, Key: { pk: 'NETWORK', sk: 'PUB#ru' } });
    expect(stored.Item).toMatchObject({ id: 'ru', language: 'ru', feedBaseUrl: 'http://127.0.0.1:8080/pubs/ru/', itemsPerFeed: 50 });
  });

  it('refuses invalid settings naming every option and reason, and writes nothing', async () => {
    const refused = await run('pub', 'add', 'kz', '--description', 'x', '--site-url', 'https://kz.example.org', '--tag-authority', 'kz', '--items-per-feed', '0', '--language', 'kk');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('error: invalid settings for publication kz, nothing was written');
    expect(refused.err).toContain('  --title: is required');
    expect(refused.err).toContain('  --site-url: must end with "/"');
    expect(refused.err).toContain('  --tag-authority: must look like example.org,2026');
    expect(refused.err).toContain('  --items-per-feed: ');
    const stored = await clients.documents.get({ TableName: tableName, Key: { pk: 'NETWORK', sk: 'PUB#kz' } });
    expect(stored.Item).toBeUndefined();
  });

  it('refuses an id taken, the default publication and a malformed id', async () => {
    expect(await run('pub', 'add', 'ru', ...RUSSIAN_SERVICE)).toMatchObject({ code: 1, err: 'error: publication ru already exists\n' });
    expect((await run('pub', 'add', 'default', ...RUSSIAN_SERVICE)).err).toContain('cannot add the default publication');
    expect(await run('pub', 'add', 'Russian', ...RUSSIAN_SERVICE)).toMatchObject({ code: 1, err: 'error: Russian: must be lower-case letters, digits and single hyphens\n' });
    expect((await run('pub', 'remove', 'default')).code).toBe(1);
  });

  it('lists the default publication from the deploy config and those added, as JSON for scripts', async () => {
    const listed = await run('pub', 'list', '--json');
    expect(listed.code).toBe(0);
    const publications = JSON.parse(listed.out) as { id: string; feedBaseUrl: string; language: string }[];
    expect(publications.map((publication) => publication.id)).toEqual(['default', 'ru']);
    expect(publications[0]?.feedBaseUrl).toBe('http://127.0.0.1:8080/');
    expect(publications[1]).toMatchObject({ language: 'ru', feedBaseUrl: 'http://127.0.0.1:8080/pubs/ru/' });
    const text = await run('pub', 'list');
    expect(text.out).toContain('ru  ru  Rights Watch in Russian  http://127.0.0.1:8080/pubs/ru/');
    expect(text.out).toContain('2 publication(s)');
  });

  it('updates settings and prints the rebuild that brings the feeds up to date; refuses an invalid change', async () => {
    const updated = await run('pub', 'update', 'ru', '--title', 'Rights Watch: Russian service', '--hub', 'https://hub.example.org/');
    expect(updated.code).toBe(0);
    expect(updated.out).toContain('updated publication ru: --title, --hub');
    expect(updated.out).toContain('npx feedline rebuild --all --publication ru');
    const stored = await clients.documents.get({ TableName: tableName, Key: { pk: 'NETWORK', sk: 'PUB#ru' } });
    expect(stored.Item).toMatchObject({ title: 'Rights Watch: Russian service', hubUrls: ['https://hub.example.org/'], language: 'ru' });

    const refused = await run('pub', 'update', 'ru', '--items-per-feed', '9000', '--logo-url', 'logo.png');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--items-per-feed: ');
    expect(refused.err).toContain('--logo-url: ');
    expect((await run('pub', 'update', 'nowhere', '--title', 'x')).err).toBe('error: no publication nowhere\n');
    expect((await run('pub', 'update', 'ru')).code).toBe(1);
  });
});

describe('--publication on post and sub commands', () => {
  it('writes a post of ru under PUB#ru#POST#<id>, with the publication named', async () => {
    const put = await run('post', 'put', await postFile('ru.json', postInput({ id: 'ru-court' })), '--publication', 'ru');
    expect(put.code).toBe(0);
    expect(put.out).toContain('put ru-court (published in ru)');
    expect(put.out).toContain('http://127.0.0.1:8080/pubs/ru/feeds/all/atom.xml');
    const stored = await clients.documents.get({ TableName: tableName, Key: { pk: 'PUB#ru#POST#ru-court', sk: 'POST' } });
    expect(stored.Item).toMatchObject({ id: 'ru-court', publication: 'ru' });
    const notDefault = await clients.documents.get({ TableName: tableName, Key: { pk: 'POST#ru-court', sk: 'POST' } });
    expect(notDefault.Item).toBeUndefined();
  });

  it('puts a post into the publication it names, and refuses one naming another than --publication', async () => {
    expect((await run('post', 'put', await postFile('named.json', postInput({ id: 'ru-named', publication: 'ru' })))).code).toBe(0);
    const stored = await clients.documents.get({ TableName: tableName, Key: { pk: 'PUB#ru#POST#ru-named', sk: 'POST' } });
    expect(stored.Item?.publication).toBe('ru');
    const mixed = await run('post', 'put', await postFile('mixed.json', [postInput({ id: 'mixed-a' }), postInput({ id: 'mixed-b', publication: 'fa' })]), '--publication', 'ru');
    expect(mixed.code).toBe(1);
    expect(mixed.err).toContain('post mixed-b: publication is "fa"');
  });

  it('leaves the field off a post put with --publication default, as on every post from before publications', async () => {
    expect((await run('post', 'put', await postFile('default.json', postInput({ id: 'plain-default' })), '--publication', 'default')).code).toBe(0);
    const stored = await clients.documents.get({ TableName: tableName, Key: { pk: 'POST#plain-default', sk: 'POST' } });
    expect(stored.Item?.id).toBe('plain-default');
    expect(stored.Item).not.toHaveProperty('publication');
  });

  it('refuses an unknown publication with one clean line and exit 1', async () => {
    const file = await postFile('unknown.json', postInput({ id: 'nowhere-post' }));
    expect(await run('post', 'put', file, '--publication', 'xx')).toEqual({ code: 1, out: '', err: 'error: no publication xx (see feedline pub list; add one with feedline pub add)\n' });
    expect((await run('post', 'list', '--publication', 'xx')).err).toBe('error: no publication xx (see feedline pub list; add one with feedline pub add)\n');
    expect((await run('sub', 'list', '--publication', 'xx')).code).toBe(1);
    expect((await run('post', 'list', '--publication', 'Not Valid')).err).toBe('error: --publication Not Valid: must be lower-case letters, digits and single hyphens\n');
  });

  it('lists one publication’s published posts, newest first, and only its own', async () => {
    await publishIntoAllFeed('PUB#ru#', postInput({ id: 'ru-old', publication: 'ru', publishedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }));
    await publishIntoAllFeed('PUB#ru#', postInput({ id: 'ru-new', publication: 'ru', publishedAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z' }));
    await publishIntoAllFeed('', postInput({ id: 'default-only' }));
    const listed = await run('post', 'list', '--publication', 'ru');
    expect(listed.code).toBe(0);
    const lines = listed.out.trim().split('\n');
    expect(lines).toEqual([
      '2026-06-01T00:00:00.000Z  published  ru-new  Court hears appeal of detained reporter',
      '2026-01-01T00:00:00.000Z  published  ru-old  Court hears appeal of detained reporter',
      '2 published post(s)',
    ]);
    const json = JSON.parse((await run('post', 'list', '--publication', 'ru', '--json')).out) as { id: string }[];
    expect(json.map((post) => post.id)).toEqual(['ru-new', 'ru-old']);
    expect((await run('post', 'list')).out).toContain('default-only');
    expect((await run('post', 'list')).out).not.toContain('ru-new');
  });

  it('lists drafts and unpublished items of the publication with --all-items', async () => {
    expect((await run('post', 'put', await postFile('draft.json', postInput({ id: 'ru-draft', status: 'draft' })), '--publication', 'ru')).code).toBe(0);
    const listed = await run('post', 'list', '--publication', 'ru', '--all-items');
    expect(listed.out).toMatch(/  draft +ru-draft  /);
    expect(listed.out).toContain('ru-court');
    expect(listed.out).not.toContain('default-only');
    expect((await run('post', 'delete', 'ru-draft')).code).toBe(1);
    expect((await run('post', 'delete', 'ru-draft', '--publication', 'ru')).out).toBe('deleted ru-draft\n');
  });

  it('adds a subscription to a publication and lists each publication’s own', async () => {
    rig.server.feed('/ru.xml', await readFixture('basic.rss.xml'));
    const added = await run('sub', 'add', rig.server.urlOf('/ru.xml'), '--id', 'ru-wire', '--publication', 'ru');
    expect(added.code).toBe(0);
    expect(added.out).toContain('subscribed ru-wire in ru');
    expect(added.out).toContain('http://127.0.0.1:8080/pubs/ru/feeds/sources/ru-wire/atom.xml');
    expect((await run('sub', 'add', rig.server.urlOf('/ru.xml'), '--id', 'default-wire')).code).toBe(0);

    const ru = JSON.parse((await run('sub', 'list', '--publication', 'ru', '--json')).out) as { id: string; publication: string }[];
    expect(ru.map((subscription) => [subscription.id, subscription.publication])).toEqual([['ru-wire', 'ru']]);
    const defaults = JSON.parse((await run('sub', 'list', '--json')).out) as { id: string }[];
    expect(defaults.map((subscription) => subscription.id)).toEqual(['default-wire']);
    expect((await run('sub', 'remove', 'ru-wire')).err).toBe('error: subscription ru-wire belongs to publication ru; pass --publication ru\n');
    expect((await run('sub', 'poll', 'ru-wire')).code).toBe(1);
  });

  it('polls the due subscriptions of one publication only, filing their items in its partition', async () => {
    const polled = await run('sub', 'poll', '--publication', 'ru');
    expect(polled.code).toBe(0);
    expect(polled.out).toMatch(/polled 1 of 1: 1 changed/);
    const ingested = await run('post', 'list', '--publication', 'ru', '--all-items', '--json');
    const posts = JSON.parse(ingested.out) as { publication?: string; source?: { subscriptionId: string } }[];
    expect(posts.filter((post) => post.source?.subscriptionId === 'ru-wire').length).toBe(3);
    expect(posts.every((post) => post.publication === 'ru')).toBe(true);
    const defaults = JSON.parse((await run('post', 'list', '--all-items', '--json')).out) as { source?: { subscriptionId: string } }[];
    expect(defaults.some((post) => post.source !== undefined)).toBe(false);
  });

  it('refuses to remove a publication with posts or subscriptions unless forced', async () => {
    const refused = await run('pub', 'remove', 'ru');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('error: publication ru still has 2 published post(s) and 1 subscription(s): delete them first, or pass --force to remove its settings anyway\n');
    expect((await run('pub', 'list', '--json')).out).toContain('"id":"ru"');

    const forced = await run('pub', 'remove', 'ru', '--force');
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('removed publication ru');
    expect(forced.out).toContain('still polled: feedline sub remove ru-wire --publication ru');
    expect(JSON.parse((await run('pub', 'list', '--json')).out)).toHaveLength(1);
    expect((await run('pub', 'remove', 'ru')).err).toBe('error: no publication ru\n');
  });

  it('removes an empty publication without --force', async () => {
    expect((await run('pub', 'add', 'fa', ...RUSSIAN_SERVICE.slice(0, 6), '--language', 'fa', '--tag-authority', 'fa.example.org,2026', '--hostname', 'fa.example.org')).out).toContain(
      'feeds at https://fa.example.org/',
    );
    expect(await run('pub', 'remove', 'fa')).toMatchObject({ code: 0, out: 'removed publication fa\n' });
  });
});
