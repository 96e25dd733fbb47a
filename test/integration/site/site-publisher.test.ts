import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_STYLESHEET_KEY } from '../../../shared/feed/feed-id.ts';
import { renderFeedStylesheet } from '../../../shared/site/feed-stylesheet.ts';
import { SITE_INDEX_KEY, SITE_OPML_KEY, SUBSCRIBE_SCRIPT_KEY, subscribePageKey } from '../../../shared/site/site-keys.ts';
import { SUBSCRIBE_SCRIPT } from '../../../shared/site/subscribe-script.ts';
import { FeedCatalog } from '../../../shared/store/feed-catalog.ts';
import { scanTable } from '../../../shared/store/table-scan.ts';
import { CATALOG_PK } from '../../../shared/store/table-design.ts';
import { parseStrictXml } from '../../unit/feed/strict-xml-tree.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

const kazakhstan = { slug: 'kazakhstan', label: 'Kazakhstan' };
const russia = { slug: 'russia', label: 'Russia' };

describe('site publisher: catalog, index page, OPML, stylesheet and subscribe pages from real regenerations', () => {
  let harness: PublishHarness;
  const commands: string[] = [];

  beforeAll(async () => {
    // Each case calls the site publisher itself and looks at what that one call did.
    harness = await PublishHarness.create({ siteIndex: 'by the test' });
    harness.clients.dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countSiteCommands' },
    );
    await harness.posts.put(makePost({ id: 'almaty-court', title: 'Almaty court <rules>', topics: [kazakhstan] }));
    await harness.posts.put(
      makePost({ id: 'moscow-trial', title: 'Moscow trial opens', topics: [russia], publishedAt: '2026-11-21T09:00:00Z', updatedAt: '2026-11-21T09:00:00Z' }),
    );
    await harness.drain();
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function readObject(key: string): Promise<{ body: string; contentType?: string }> {
    const result = await harness.clients.s3.send(new GetObjectCommand({ Bucket: harness.bucketName, Key: key }));
    return { body: (await result.Body?.transformToString('utf-8')) ?? '', contentType: result.ContentType };
  }

  it('writes the four site objects with their content types', async () => {
    expect(await harness.pipeline.siteIndex.publish()).toBe(true);
    const index = await readObject(SITE_INDEX_KEY);
    const opml = await readObject(SITE_OPML_KEY);
    const stylesheet = await readObject(FEED_STYLESHEET_KEY);
    const script = await readObject(SUBSCRIBE_SCRIPT_KEY);
    expect(index.contentType).toBe('text/html; charset=utf-8');
    expect(opml.contentType).toBe('text/x-opml; charset=utf-8');
    expect(stylesheet.contentType).toBe('text/xsl; charset=utf-8');
    expect(stylesheet.body).toBe(renderFeedStylesheet('en'));
    expect(script.contentType).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe(SUBSCRIBE_SCRIPT);
  });

  it('writes a subscribe page beside every feed that changed, from the feed\'s own document', async () => {
    for (const feedId of ['all', 'topics/kazakhstan', 'topics/russia']) {
      const page = await readObject(subscribePageKey(feedId));
      expect(page.contentType).toBe('text/html; charset=utf-8');
      expect(page.body).toContain(`value="https://feeds.humanrights.example.org/feeds/${feedId}/rss.xml"`);
    }
    const kazakhstanPage = (await readObject(subscribePageKey('topics/kazakhstan'))).body;
    expect(kazakhstanPage).toContain('<h1>Topic: Kazakhstan</h1>');
    expect(kazakhstanPage).toContain('Almaty court &lt;rules&gt;');
    expect(kazakhstanPage).not.toContain('Moscow trial opens');
  });

  it('lists every feed the regenerations touched, with its latest items', async () => {
    const { body } = await readObject(SITE_INDEX_KEY);
    for (const feedId of ['all', 'topics/kazakhstan', 'topics/russia']) {
      expect(body).toContain(`data-feed-id="${feedId}"`);
      expect(body).toContain(`href="https://feeds.humanrights.example.org/feeds/${feedId}/atom.xml"`);
    }
    expect(body).toContain('Almaty court &lt;rules&gt;');
    expect(body).toContain('<a href="https://humanrights.example.org/topics/russia" aria-label="Topic: Russia: on the website">');
    const opml = parseStrictXml((await readObject(SITE_OPML_KEY)).body);
    const outlines = opml.children.find((child) => child.local === 'body')?.children.flatMap((folder) => folder.children) ?? [];
    expect(outlines.map((outline) => outline.attributes.xmlUrl)).toEqual([
      'https://feeds.humanrights.example.org/feeds/all/rss.xml',
      'https://feeds.humanrights.example.org/feeds/topics/kazakhstan/rss.xml',
      'https://feeds.humanrights.example.org/feeds/topics/russia/rss.xml',
    ]);
  });

  it('writes nothing when nothing changed', async () => {
    const putsBefore = harness.puts.length;
    expect(await harness.pipeline.siteIndex.publish()).toBe(false);
    expect(harness.puts.length).toBe(putsBefore);
  });

  it('reads the catalog with one Query, whatever the number of feeds', async () => {
    commands.length = 0;
    await harness.pipeline.siteIndex.publish();
    expect(commands).toEqual(['QueryCommand']);
  });

  it('keeps catalog items out of the stream handler and of everything that reads posts or memberships', async () => {
    const catalog = await new FeedCatalog(harness.clients.documents, harness.tableName).list();
    expect(catalog.map((entry) => entry.feedId)).toEqual(['all', 'topics/kazakhstan', 'topics/russia']);
    const records = harness.invocations.flatMap((invocation) => invocation.event.Records);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.dynamodb?.Keys?.pk?.S?.startsWith('POST#'))).toBe(true);
    const catalogItems: Record<string, unknown>[] = [];
    for await (const item of scanTable(harness.clients.documents, harness.tableName)) if (item.pk === CATALOG_PK) catalogItems.push(item);
    expect(catalogItems).toHaveLength(3);
    expect(catalogItems.every((item) => item.dueShard === undefined && item.sk !== 'POST')).toBe(true);
    expect((await harness.posts.get('almaty-court'))?.ok).toBe(true);
  });

  it('rewrites only what a change alters: an edited title changes the index page and its feeds\' subscribe pages, nothing else', async () => {
    await harness.posts.put(makePost({ id: 'almaty-court', title: 'Almaty court adjourns', topics: [kazakhstan] }));
    await harness.drain();
    const putsBefore = harness.puts.length;
    expect(await harness.pipeline.siteIndex.publish()).toBe(true);
    const written = harness.puts.slice(putsBefore);
    expect(written.sort()).toEqual([subscribePageKey('all'), subscribePageKey('topics/kazakhstan'), SITE_INDEX_KEY]);
    expect((await readObject(SITE_INDEX_KEY)).body).toContain('Almaty court adjourns');
    expect((await readObject(subscribePageKey('topics/kazakhstan'))).body).toContain('Almaty court adjourns');
  });

  it('does not write a subscribe page again when its feed changed in a way the page does not show', async () => {
    // A new summary changes the feed's bytes (so the feed is announced) but no text the page shows.
    await harness.posts.put(makePost({ id: 'almaty-court', title: 'Almaty court adjourns', summary: 'A new summary', topics: [kazakhstan] }));
    await harness.drain();
    const putsBefore = harness.puts.length;
    expect(await harness.pipeline.siteIndex.publish()).toBe(false);
    expect(harness.puts.slice(putsBefore)).toEqual([]);
    expect((await harness.readFeed('topics/kazakhstan', 'rss'))?.body).toContain('A new summary');
    expect((await readObject(subscribePageKey('topics/kazakhstan'))).body).toContain('Almaty court adjourns');
  });

  it('keeps catalog entries it could not write for the next publish', async () => {
    await harness.posts.put(
      makePost({ id: 'bishkek-raid', title: 'Bishkek newsroom raided', topics: [russia], publishedAt: '2026-11-22T09:00:00Z', updatedAt: '2026-11-22T09:00:00Z' }),
    );
    await harness.drain();
    let failNext = true;
    harness.clients.dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName).startsWith('BatchWrite') && failNext) {
          failNext = false;
          throw new Error('injected catalog write failure');
        }
        return next(args);
      },
      { step: 'initialize', name: 'failCatalogWriteOnce' },
    );
    try {
      await expect(harness.pipeline.siteIndex.publish()).rejects.toThrow('injected catalog write failure');
      expect((await readObject(SITE_INDEX_KEY)).body).not.toContain('Bishkek newsroom raided');
      expect(await harness.pipeline.siteIndex.publish()).toBe(true);
      expect((await readObject(SITE_INDEX_KEY)).body).toContain('Bishkek newsroom raided');
    } finally {
      harness.clients.dynamoDb.middlewareStack.remove('failCatalogWriteOnce');
    }
  });

  it('still writes the index page when another site object cannot be read or written', async () => {
    await harness.posts.put(
      makePost({ id: 'dushanbe-blogger', title: 'Dushanbe blogger released', topics: [kazakhstan], publishedAt: '2026-11-23T09:00:00Z', updatedAt: '2026-11-23T09:00:00Z' }),
    );
    await harness.drain();
    harness.clients.s3.middlewareStack.add(
      (next) => async (args) => {
        if ((args.input as { Key?: string }).Key === SITE_OPML_KEY) throw Object.assign(new Error('injected AccessDenied'), { $metadata: { httpStatusCode: 403 } });
        return next(args);
      },
      { step: 'initialize', name: 'denyOpml' },
    );
    try {
      await expect(harness.pipeline.siteIndex.publish()).rejects.toThrow('injected AccessDenied');
      expect((await readObject(SITE_INDEX_KEY)).body).toContain('Dushanbe blogger released');
    } finally {
      harness.clients.s3.middlewareStack.remove('denyOpml');
    }
  });
});
