import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { RecordingHub } from '../../support/recording-hub.ts';
import { testPublication } from '../../support/test-publication.ts';

const FA_BASE = 'https://feeds.humanrights.example.org/pubs/fa/';
const iran = { slug: 'iran', label: 'ایران' };

function persianPost(id: string, day: number) {
  const at = `2026-11-${String(day).padStart(2, '0')}T07:30:00Z`;
  return makePost({
    id,
    publication: 'fa',
    title: `گزارش ${day}: خانواده‌های زندانیان در انتظار حکم`,
    summary: 'دادگاه جلسه را بار دیگر به تعویق انداخت.',
    contentHtml: '<p>وکیل مدافع گفت پرونده هنوز به او نشان داده نشده است.</p>',
    url: `https://humanrights.example.org/fa/2026/11/${id}`,
    language: 'fa',
    topics: [iran],
    publishedAt: at,
    updatedAt: at,
  });
}

describe('publications: each publishes with its own settings', () => {
  let harness: PublishHarness;
  let hub: RecordingHub;
  beforeEach(async () => {
    hub = await RecordingHub.start();
    harness = await PublishHarness.create();
    await harness.publications.add(
      testPublication('fa', {
        title: 'پایشگر حقوق',
        language: 'fa',
        itemsPerFeed: 2,
        cacheControl: 'public, max-age=120',
        hubUrls: [hub.url],
        tagAuthority: 'fa.humanrights.example.org,2026-03',
      }),
    );
    for (const [index, id] of ['khanevadeh', 'dadgah', 'vakil'].entries()) await harness.posts.put(persianPost(id, 10 + index));
    await harness.posts.put(makePost({ id: 'default-story' }));
    await harness.drain();
  });
  afterEach(async () => {
    await harness?.close();
    await hub?.close();
  });

  it('writes the Persian publication’s language into every format', async () => {
    const rss = (await harness.readFeed('all', 'rss', 'fa'))?.body ?? '';
    const atom = (await harness.readFeed('all', 'atom', 'fa'))?.body ?? '';
    const json = JSON.parse((await harness.readFeed('all', 'json', 'fa'))?.body ?? '{}') as { language?: string; title?: string };
    expect(rss).toContain('<language>fa</language>');
    expect(atom).toMatch(/<feed [^>]*xml:lang="fa"/);
    expect(json.language).toBe('fa');
    expect(json.title).toBe('پایشگر حقوق');
    expect((await harness.readFeed('all', 'rss'))?.body).toContain('<language>en</language>');
  });

  it('links itself, its stylesheet and its archive under its own base URL', async () => {
    const rss = (await harness.readFeed('all', 'rss', 'fa'))?.body ?? '';
    const atom = (await harness.readFeed('topics/iran', 'atom', 'fa'))?.body ?? '';
    const json = JSON.parse((await harness.readFeed('all', 'json', 'fa'))?.body ?? '{}') as { feed_url?: string; next_url?: string };
    expect(rss).toContain(`<atom:link href="${FA_BASE}feeds/all/rss.xml" rel="self"`);
    expect(rss).toContain(`<?xml-stylesheet type="text/xsl" href="${FA_BASE}assets/feed.xsl"?>`);
    expect(atom).toContain(`href="${FA_BASE}feeds/topics/iran/atom.xml"`);
    expect(json.feed_url).toBe(`${FA_BASE}feeds/all/feed.json`);
    // Two items a feed and three posts: the oldest went to archive page 1, linked under the same base.
    expect(json.next_url).toBe(`${FA_BASE}feeds/all/archive/1/feed.json`);
    expect((await harness.readObject('pubs/fa/feeds/all/archive/1/feed.json'))?.body).toContain('khanevadeh');
    expect((await harness.readObject('pubs/fa/assets/feed.xsl'))?.body).toContain('xsl:stylesheet');
  });

  it('uses its tag: authority, items per feed, cache control and hubs', async () => {
    const json = JSON.parse((await harness.readFeed('all', 'json', 'fa'))?.body ?? '{}') as { items: { id: string }[]; hubs?: { url: string }[] };
    expect(json.items.map((item) => item.id)).toEqual(['tag:fa.humanrights.example.org,2026-03:post/vakil', 'tag:fa.humanrights.example.org,2026-03:post/dadgah']);
    expect(json.hubs?.map((each) => each.url)).toEqual([hub.url]);
    expect((await harness.readFeed('all', 'rss', 'fa'))?.cacheControl).toBe('public, max-age=120');
    expect((await harness.readFeed('all', 'rss'))?.cacheControl).toBe(harness.site.cacheControl);
    const pinged = hub.requests.map((request) => request.form.get('hub.url'));
    expect(pinged).toContain(`${FA_BASE}feeds/all/rss.xml`);
    expect(pinged.filter((url) => !url?.startsWith(FA_BASE))).toEqual([]);
  });

  it('renders its index page in its language and under its base URL', async () => {
    const index = (await harness.readObject('pubs/fa/index.html'))?.body ?? '';
    expect(index).toMatch(/<html [^>]*lang="fa"/);
    expect(index).toContain('پایشگر حقوق');
    expect(index).toContain(`${FA_BASE}feeds.opml`);
  });
});
