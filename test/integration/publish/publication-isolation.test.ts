import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEED_FORMATS } from '../../../shared/feed/feed-id.ts';
import { scanTable } from '../../../shared/store/table-scan.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { testPublication } from '../../support/test-publication.ts';

const kazakhstan = { slug: 'kazakhstan', label: 'Kazakhstan' };
const kazakhstanRu = { slug: 'kazakhstan', label: 'Казахстан' };

/** The same topic slug, and even the same post id, in two publications. */
const english = makePost({
  id: 'press-card-hearing',
  title: 'Almaty court weighs revoking a reporter’s press card',
  url: 'https://humanrights.example.org/2026/11/press-card-hearing',
  topics: [kazakhstan],
});
const englishDigest = makePost({
  id: 'weekly-digest',
  title: 'Weekly digest: hearings, fines and a released blogger',
  url: 'https://humanrights.example.org/2026/11/weekly-digest',
  topics: [kazakhstan],
  publishedAt: '2026-11-19T08:00:00Z',
  updatedAt: '2026-11-19T08:00:00Z',
});
const russian = makePost({
  id: 'akkreditatsiya-v-sude',
  publication: 'ru',
  title: 'Суд в Алматы рассматривает отзыв аккредитации журналиста',
  summary: 'Заседание снова отложено.',
  contentHtml: '<p>Адвокат назвал иск попыткой давления на редакцию.</p>',
  url: 'https://humanrights.example.org/ru/2026/11/akkreditatsiya-v-sude',
  language: 'ru',
  topics: [kazakhstanRu],
});
const russianDigest = makePost({
  id: 'weekly-digest',
  publication: 'ru',
  title: 'Обзор недели: суды, штрафы и освобождённый блогер',
  url: 'https://humanrights.example.org/ru/2026/11/weekly-digest',
  language: 'ru',
  topics: [kazakhstanRu],
  publishedAt: '2026-11-19T08:00:00Z',
  updatedAt: '2026-11-19T08:00:00Z',
});

describe('publications: a post in one publication never reaches another', () => {
  let harness: PublishHarness;
  beforeEach(async () => {
    harness = await PublishHarness.create();
    await harness.publications.add(testPublication('ru', { title: 'Монитор прав: русская служба' }));
    for (const post of [english, englishDigest, russian, russianDigest]) await harness.posts.put(post);
    await harness.drain();
  });
  afterEach(async () => {
    await harness?.close();
  });

  it('gives each publication its own all and topic feeds, though they share a topic slug and a post id', async () => {
    for (const feedId of ['all', 'topics/kazakhstan']) {
      expect(await harness.idsInFeed(feedId)).toEqual(['press-card-hearing', 'weekly-digest']);
      expect(await harness.idsInFeed(feedId, 'ru')).toEqual(['akkreditatsiya-v-sude', 'weekly-digest']);
      for (const format of FEED_FORMATS) {
        const defaultFeed = (await harness.readFeed(feedId, format))?.body ?? '';
        const ruFeed = (await harness.readFeed(feedId, format, 'ru'))?.body ?? '';
        expect(defaultFeed).not.toContain('Обзор недели');
        expect(defaultFeed).not.toContain('/pubs/ru/');
        expect(ruFeed).not.toContain('Weekly digest');
        expect(ruFeed).toContain('https://feeds.humanrights.example.org/pubs/ru/');
      }
    }
    const ruJson = JSON.parse((await harness.readFeed('topics/kazakhstan', 'json', 'ru'))?.body ?? '{}') as { title: string; items: { id: string }[] };
    expect(ruJson.title).toBe('Монитор прав: русская служба: Казахстан');
    expect(ruJson.items.map((item) => item.id)).toContain('tag:ru.humanrights.example.org,2026:post/weekly-digest');
  });

  it('lists each publication’s feeds only on its own index page and OPML', async () => {
    const defaultIndex = (await harness.readObject('index.html'))?.body ?? '';
    const ruIndex = (await harness.readObject('pubs/ru/index.html'))?.body ?? '';
    expect(defaultIndex).toContain('Almaty court weighs');
    expect(defaultIndex).not.toContain('Суд в Алматы');
    expect(defaultIndex).not.toContain('/pubs/ru/');
    expect(ruIndex).toContain('Суд в Алматы');
    expect(ruIndex).not.toContain('Almaty court weighs');

    const defaultOpml = (await harness.readObject('feeds.opml'))?.body ?? '';
    const ruOpml = (await harness.readObject('pubs/ru/feeds.opml'))?.body ?? '';
    expect(xmlUrls(defaultOpml).sort()).toEqual(['https://feeds.humanrights.example.org/feeds/all/rss.xml', 'https://feeds.humanrights.example.org/feeds/topics/kazakhstan/rss.xml']);
    expect(xmlUrls(ruOpml).sort()).toEqual([
      'https://feeds.humanrights.example.org/pubs/ru/feeds/all/rss.xml',
      'https://feeds.humanrights.example.org/pubs/ru/feeds/topics/kazakhstan/rss.xml',
    ]);
    expect(await harness.readObject('pubs/ru/assets/feed.xsl')).toBeDefined();
  });

  it('lists both publications in the network directory, each with its own feeds', async () => {
    const opml = (await harness.readObject('network/feeds.opml'))?.body ?? '';
    expect(xmlUrls(opml)).toEqual(
      expect.arrayContaining(['https://feeds.humanrights.example.org/feeds/all/rss.xml', 'https://feeds.humanrights.example.org/pubs/ru/feeds/all/rss.xml']),
    );
    expect((await harness.readObject('network/index.html'))?.body).toContain('Монитор прав: русская служба');
  });

  it('keeps every table item of a publication under its own key prefix', async () => {
    const partitions = new Set<string>();
    for await (const item of scanTable(harness.clients.documents, harness.tableName)) partitions.add(String(item.pk));
    expect([...partitions].filter((pk) => !pk.startsWith('PUB#ru#') && pk !== 'NETWORK').sort()).toEqual([
      'CATALOG',
      'FEED#all',
      'FEED#topics/kazakhstan',
      'POST#press-card-hearing',
      'POST#weekly-digest',
    ]);
    expect([...partitions].filter((pk) => pk.startsWith('PUB#ru#')).sort()).toEqual([
      'PUB#ru#CATALOG',
      'PUB#ru#FEED#all',
      'PUB#ru#FEED#topics/kazakhstan',
      'PUB#ru#POST#akkreditatsiya-v-sude',
      'PUB#ru#POST#weekly-digest',
    ]);
  });

  it('writes only under the changed publication’s folder, both ways', async () => {
    harness.puts.length = 0;
    await harness.posts.put({ ...russianDigest, title: 'Обзор недели: суды и штрафы' });
    await harness.drain();
    expect(harness.puts.length).toBeGreaterThan(0);
    // The network directory lists every publication: the one shared document a change may rewrite.
    expect(harness.puts.filter((key) => !key.startsWith('pubs/ru/') && !key.startsWith('network/'))).toEqual([]);

    harness.puts.length = 0;
    await harness.posts.put({ ...englishDigest, title: 'Weekly digest: hearings and fines' });
    await harness.drain();
    expect(harness.puts.length).toBeGreaterThan(0);
    expect(harness.puts.filter((key) => key.startsWith('pubs/'))).toEqual([]);
    expect(await harness.idsInFeed('all', 'ru')).toEqual(['akkreditatsiya-v-sude', 'weekly-digest']);
  });

  it('takes a deleted post out of its own publication’s feeds only', async () => {
    await harness.posts.delete('weekly-digest', 'ru');
    await harness.drain();
    expect(await harness.idsInFeed('topics/kazakhstan', 'ru')).toEqual(['akkreditatsiya-v-sude']);
    expect(await harness.idsInFeed('topics/kazakhstan')).toEqual(['press-card-hearing', 'weekly-digest']);
  });
});

function xmlUrls(opml: string): string[] {
  return [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((match) => match[1] as string);
}
