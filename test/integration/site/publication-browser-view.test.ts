import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { startFeedServer, type RunningFeedServer } from '../../../local/feed-server/feed-server.ts';
import { loadSamplePosts, samplePostsDirectoryOf } from '../../../local/sample-posts.ts';
import { samplePublications } from '../../../local/sample-publications.ts';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import type { SiteConfig } from '../../../shared/config/site-config.ts';
import { feedObjectKey, feedsOfPost } from '../../../shared/feed/feed-id.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { createPublishPipeline } from '../../../shared/publish/publish-pipeline.ts';
import { NetworkDirectoryPublisher } from '../../../shared/publish/site/network-directory-publisher.ts';
import { FeedObjectStore } from '../../../shared/publish/write/feed-object-store.ts';
import { siteConfigOf } from '../../../shared/publication/publication-settings.ts';
import { NETWORK_INDEX_KEY } from '../../../shared/site/site-keys.ts';
import { FeedCatalog, type FeedCatalogEntry } from '../../../shared/store/feed-catalog.ts';
import { accessibilityViolations, ChromiumSessions, requireChromium, saveScreenshot, sendSitePolicy, WITHOUT_XSLT } from '../../support/chromium-browser.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { htmlProblemsOf } from '../../support/html-validation.ts';
import { testSite } from '../../support/test-site.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const SCREENSHOTS = path.resolve('tmp/screenshots/publications');

/** A publication as served: its own table, bucket and feed server (as on its own host name). */
interface ServedPublication {
  id: string;
  site: SiteConfig;
  server: RunningFeedServer;
  bucketName: string;
  posts: Post[];
  catalog: FeedCatalogEntry[];
}

/**
 * Where a piece of text sits in its block: the text's own box (a Range over it) against the
 * block's content box, with the direction the browser resolved. Runs in the page, as source.
 */
const TEXT_PLACEMENT = `(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {
    direction: style.direction,
    leftGap: text.left - (box.left + parseFloat(style.paddingLeft)),
    rightGap: box.right - parseFloat(style.paddingRight) - text.right,
  };
}`;

interface TextPlacement {
  direction: string;
  leftGap: number;
  rightGap: number;
}

/**
 * The pages readers of a Persian and of an English publication see in Debian's Chromium: the
 * feeds' XSL view and CSS fallback, the index page and the network directory, each rendered by
 * the real publish pipeline and site publisher with the publication's own settings.
 */
describe('each publication in its language and direction, in a browser', () => {
  let clients: AwsClients;
  const sessions = new ChromiumSessions();
  let browser: BrowserContext;
  let persian: ServedPublication;
  let english: ServedPublication;

  async function servePublication(id: string, posts: Post[], siteOf: (feedBaseUrl: string) => SiteConfig): Promise<ServedPublication> {
    const tableName = uniqueResourceName(`pub-view-${id}`);
    const bucketName = uniqueResourceName(`pub-view-${id}`);
    await createTable(clients.dynamoDb, tableName);
    await createBucket(clients.s3, bucketName);
    const server = await startFeedServer({ s3: clients.s3, bucketName, port: 0, log: () => undefined });
    const site = siteOf(`${server.url}/`);
    const pipeline = createPublishPipeline({ clients, tableName, bucketName, site, log: new CollectingLog() });
    await pipeline.memberships.apply(posts.flatMap((post) => feedsOfPost(post).map((feedId) => ({ kind: 'put' as const, feedId, post }))));
    for (const feedId of new Set(posts.flatMap(feedsOfPost))) await pipeline.publisher.publish(feedId);
    await pipeline.siteIndex.publish();
    return { id, site, server, bucketName, posts, catalog: await new FeedCatalog(clients.documents, tableName).list() };
  }

  beforeAll(async () => {
    requireChromium();
    clients = createEmulatorClients();
    const persianSettings = samplePublications('https://feeds.example.org/').find((publication) => publication.id === 'fa');
    if (!persianSettings) throw new Error('the sample publications have no Persian one');
    persian = await servePublication('fa', await loadSamplePosts(samplePostsDirectoryOf('fa')), (feedBaseUrl) => ({ ...siteConfigOf(persianSettings), feedBaseUrl }));
    const englishPosts = (await loadSamplePosts()).filter((post) => post.status === 'published' && post.language === 'en');
    english = await servePublication('default', englishPosts, (feedBaseUrl) => testSite({ feedBaseUrl }));
    await new NetworkDirectoryPublisher({
      objects: new FeedObjectStore(clients.s3, english.bucketName),
      network: { title: 'Steppe Rights Network', description: 'Every service of the network', baseUrl: english.site.feedBaseUrl, language: 'en', cacheControl: 'no-cache' },
      publications: async () => [persian, english].map(({ id, site, catalog }) => ({ id, site, entries: catalog })),
    }).publish();
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await sessions.launch();
    await sendSitePolicy(browser, persian.server.url, english.server.url);
  });

  afterAll(async () => {
    await sessions.close();
    await Promise.all([persian?.server.close(), english?.server.close()]);
    if (clients) destroyClients(clients);
  });

  async function open(context: BrowserContext, publication: ServedPublication, key: string): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(`${publication.server.url}/${key}`, { waitUntil: 'load' });
    expect(response?.status(), key).toBe(200);
    return page;
  }

  function placementOf(page: Page, selector: string): Promise<TextPlacement> {
    return page.evaluate<TextPlacement>(`(${TEXT_PLACEMENT})(document.querySelector(${JSON.stringify(selector)}))`);
  }

  async function expectScreenshot(page: Page, name: string): Promise<void> {
    expect(await saveScreenshot(page, browser, SCREENSHOTS, name)).toBeGreaterThan(1000);
  }

  /**
   * Right to left: the text hugs the right edge of its block. A short one (a headline) must also
   * leave room on the left, or hugging the right edge proves nothing.
   */
  function expectRightAligned(placement: TextPlacement, short = true): void {
    expect(placement.direction).toBe('rtl');
    expect(Math.abs(placement.rightGap)).toBeLessThan(2);
    if (short) expect(placement.leftGap).toBeGreaterThan(50);
  }

  function expectLeftAligned(placement: TextPlacement, short = true): void {
    expect(placement.direction).toBe('ltr');
    expect(Math.abs(placement.leftGap)).toBeLessThan(2);
    if (short) expect(placement.rightGap).toBeGreaterThan(50);
  }

  function newestTitle(publication: ServedPublication): string {
    return [...publication.posts].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1))[0]!.title;
  }

  it.each(['rss', 'atom'] as const)('shows the Persian %s feed right to left, in Persian', async (format) => {
    const page = await open(browser, persian, feedObjectKey('all', format));
    expect(await page.evaluate<string[]>('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['fa', 'rtl']);
    expect(await page.locator('h1').textContent()).toBe(persian.site.title);
    expect(await page.locator('.banner strong').textContent()).toBe('این یک خوراک وب است');
    expect(await page.locator('article h2 a').first().textContent()).toBe(newestTitle(persian));
    expectRightAligned(await placementOf(page, 'h1'));
    expectRightAligned(await placementOf(page, 'article h2'), false);
    // The address is a URL: it reads left to right inside the right-to-left page.
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector("#feed-url")).direction')).toBe('ltr');
    // No axe run here: Chromium adds its own XSLT deprecation banner to every XSL page, which axe flags.
    await expectScreenshot(page, `fa-all-${format}`);
  });

  it.each(['rss', 'atom'] as const)('shows the English %s feed left to right, in English', async (format) => {
    const page = await open(browser, english, feedObjectKey('all', format));
    expect(await page.evaluate<string[]>('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['en', 'ltr']);
    expect(await page.locator('.banner strong').textContent()).toBe('This is a web feed');
    expectLeftAligned(await placementOf(page, 'h1'));
    expectLeftAligned(await placementOf(page, 'article h2'), false);
    await expectScreenshot(page, `en-all-${format}`);
  });

  it('shows the Persian index page right to left, mirrored, in Persian', async () => {
    const page = await open(browser, persian, '');
    expect(await page.evaluate<string[]>('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['fa', 'rtl']);
    expect(await page.locator('li.feed h3').first().textContent()).toBe('همهٔ نوشته‌ها');
    expect(await page.locator('li.feed h3').allTextContents()).toContain('موضوع: قزاقستان');
    expectRightAligned(await placementOf(page, 'h1'));
    // Logical properties mirror: the item list is indented from the right.
    const padding = await page.evaluate<string[]>('(({ paddingLeft, paddingRight }) => [paddingLeft, paddingRight])(getComputedStyle(document.querySelector("ol.items")))');
    expect(padding[0]).toBe('0px');
    expect(padding[1]).not.toBe('0px');
    await expectScreenshot(page, 'fa-index');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await htmlProblemsOf(await page.content())).toEqual([]);
  });

  it('shows the English index page left to right', async () => {
    const page = await open(browser, english, '');
    expect(await page.evaluate<string[]>('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['en', 'ltr']);
    expectLeftAligned(await placementOf(page, 'h1'));
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector("ol.items")).paddingRight')).toBe('0px');
    await expectScreenshot(page, 'en-index');
  });

  it('lays the Persian feed out right to left with its CSS in a browser without XSLT', async () => {
    const context = await sessions.launch([WITHOUT_XSLT]);
    await sendSitePolicy(context, persian.server.url);
    const page = await open(context, persian, feedObjectKey('all', 'rss'));
    expect(await page.evaluate<string>('document.documentElement.localName')).toBe('rss');
    expect(await page.evaluate<string>('getComputedStyle(document.documentElement).direction')).toBe('rtl');
    expect(await page.evaluate<string>('getComputedStyle(document.documentElement, "::before").content')).toContain('این یک خوراک وب است');
    const placement = await placementOf(page, 'channel > title');
    expect(Math.abs(placement.rightGap)).toBeLessThan(2);
    await expectScreenshot(page, 'fa-all-rss-without-xslt');
  });

  it('lists both publications in the network directory, each block in its own direction', async () => {
    const page = await open(browser, english, NETWORK_INDEX_KEY);
    expect(await page.evaluate<string>('document.documentElement.dir')).toBe('ltr');
    expectRightAligned(await placementOf(page, 'li[data-publication-id="fa"] h3'));
    expectLeftAligned(await placementOf(page, 'li[data-publication-id="default"] h3'));
    expect(await page.locator('li[data-publication-id="fa"] a[type="application/feed+json"]').count()).toBe(persian.catalog.length);
    await page.locator('li[data-publication-id="fa"] h3 a').click();
    await page.waitForURL(`${persian.server.url}/index.html`);
    expect(await page.locator('h1').textContent()).toBe(persian.site.title);
    await page.goBack();
    await expectScreenshot(page, 'network');
    expect(await accessibilityViolations(page)).toEqual([]);
    const stored = await clients.s3.send(new GetObjectCommand({ Bucket: english.bucketName, Key: NETWORK_INDEX_KEY }));
    expect(await htmlProblemsOf((await stored.Body?.transformToString('utf-8')) ?? '')).toEqual([]);
  });
});
