import { afterEach, describe, expect, it } from 'vitest';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

const aralSea = { slug: 'aral-sea', label: 'Aral Sea' };

/** The feed's title as a reader of its JSON Feed sees it. */
async function jsonTitle(harness: PublishHarness, feedId: string): Promise<string | undefined> {
  const file = await harness.readFeed(feedId, 'json');
  return file === undefined ? undefined : (JSON.parse(file.body) as { title: string }).title;
}

describe('a topic feed emptied of posts', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  /** What the stream function does after each batch that wrote a feed: the catalog remembers its title. */
  async function drainAndRefreshSite(): Promise<void> {
    await harness.drain();
    await harness.pipeline.siteIndex.publish();
  }

  it('keeps the label it was last published under, in every format', async () => {
    harness = await PublishHarness.create({ siteIndex: 'by the test' });
    const post = makePost({ id: 'shrinking-shore', topics: [aralSea] });
    await harness.posts.put(post);
    await drainAndRefreshSite();
    expect(await jsonTitle(harness, 'topics/aral-sea')).toBe(`${harness.site.title}: Aral Sea`);

    await harness.posts.put({ ...post, topics: [] });
    await drainAndRefreshSite();

    expect(await harness.idsInFeed('topics/aral-sea')).toEqual([]);
    expect(await jsonTitle(harness, 'topics/aral-sea')).toBe(`${harness.site.title}: Aral Sea`);
    expect((await harness.readFeed('topics/aral-sea', 'atom'))?.body).toContain(`<title type="text">${harness.site.title}: Aral Sea</title>`);
  });

  it('falls back to the slug when no title was ever recorded for it', async () => {
    // The site catalog is never refreshed here, so it never records the topic's title.
    harness = await PublishHarness.create({ siteIndex: 'by the test' });
    const post = makePost({ id: 'shrinking-shore', topics: [aralSea] });
    await harness.posts.put(post);
    await harness.drain();
    await harness.posts.put({ ...post, topics: [] });
    await harness.drain();

    expect(await jsonTitle(harness, 'topics/aral-sea')).toBe(`${harness.site.title}: aral-sea`);
  });
});
