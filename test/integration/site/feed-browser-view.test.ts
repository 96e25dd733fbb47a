import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { startFeedServer, type RunningFeedServer } from '../../../local/feed-server/feed-server.ts';
import { buildArchivePageDocument } from '../../../shared/feed/build-feed-document.ts';
import { archiveObjectKey, FEED_CONTENT_TYPES, FEED_FORMATS, feedObjectKey, feedsOfPost } from '../../../shared/feed/feed-id.ts';
import { renderFeedFiles } from '../../../shared/feed/render-feed.ts';
import { renderSubscribePage } from '../../../shared/site/render-subscribe-page.ts';
import { HTML_CONTENT_TYPE, subscribePageKey } from '../../../shared/site/site-keys.ts';
import { FeedCatalog } from '../../../shared/store/feed-catalog.ts';
import { createPublishPipeline, type PublishPipeline } from '../../../shared/publish/publish-pipeline.ts';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import { accessibilityViolations, ChromiumSessions, requireChromium, saveScreenshot, sendSitePolicy, WITHOUT_XSLT } from '../../support/chromium-browser.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { htmlProblemsOf } from '../../support/html-validation.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { makePost } from '../../support/post-factory.ts';
import { testSite } from '../../support/test-site.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const SCREENSHOTS = path.resolve('tmp/screenshots');

const SITE_TITLE = 'Steppe Rights Monitor';
/** Plain text that is also markup: shown as markup, it would load an image and run its handler. */
const MARKUP_SUMMARY = 'Quoted from the ruling: <img src=x onerror=alert(1)> & <b>not bold</b>';
const SITE_DESCRIPTION = 'Reporting on <rights> & freedoms';
const posts = [
  makePost({ id: 'almaty-court', title: 'Almaty court hears appeal', summary: MARKUP_SUMMARY, topics: [{ slug: 'kazakhstan', label: 'Kazakhstan' }] }),
  makePost({
    id: 'osh-market',
    title: 'Osh market traders & the new tax',
    topics: [{ slug: 'kyrgyzstan', label: 'Kyrgyzstan' }],
    publishedAt: '2026-11-21T09:00:00Z',
    updatedAt: '2026-11-21T09:00:00Z',
  }),
];
const POST_TITLES = ['Osh market traders & the new tax', 'Almaty court hears appeal'];

/**
 * What a person gets who opens a feed URL or the site root in a real browser: Debian's Chromium,
 * driven by playwright-core, against the feed server in front of the S3 emulator, after the real
 * publish pipeline rendered the feeds and the site publisher wrote the pages and the stylesheet.
 */
describe('feeds and the index page in a browser', () => {
  let clients: AwsClients;
  let server: RunningFeedServer;
  let pipeline: PublishPipeline;
  let bucketName: string;
  let site: ReturnType<typeof testSite>;
  let tableName: string;
  const sessions = new ChromiumSessions();
  /**
   * Chromium as shipped, shared by the cases that need XSLT; each case opens its own page. Every
   * response carries the Content-Security-Policy the distribution should send, as from CloudFront.
   */
  let browser: BrowserContext;
  /** Differing pixels in a screenshot of an empty page: what "blank" measures as. */
  let blank: number;

  beforeAll(async () => {
    requireChromium();
    clients = createEmulatorClients();
    tableName = uniqueResourceName('browser-view');
    bucketName = uniqueResourceName('browser-view');
    await createTable(clients.dynamoDb, tableName);
    await createBucket(clients.s3, bucketName);
    server = await startFeedServer({ s3: clients.s3, bucketName, port: 0, log: () => undefined });
    // Self links and the stylesheet URL point at the feed server, as they point at CloudFront in production.
    site = testSite({ feedBaseUrl: `${server.url}/`, description: SITE_DESCRIPTION });
    pipeline = createPublishPipeline({ clients, tableName, bucketName, site, log: new CollectingLog() });
    await pipeline.memberships.apply(posts.flatMap((post) => feedsOfPost(post).map((feedId) => ({ kind: 'put' as const, feedId, post }))));
    const feedIds = [...new Set(posts.flatMap(feedsOfPost))];
    for (const feedId of feedIds) await pipeline.publisher.publish(feedId);
    await pipeline.siteIndex.publish();
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launch();
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await sendSitePolicy(browser, server.url);
    const empty = await browser.newPage();
    await empty.setContent('<!doctype html><title>blank</title><body></body>');
    blank = await screenshotShowsContent(empty, 'blank');
  });

  afterAll(async () => {
    await sessions.close();
    await server?.close();
    if (clients) destroyClients(clients);
  });

  function launch(extraArgs: string[] = [], options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
    return sessions.launch(extraArgs, options);
  }

  async function open(page: Page, key: string): Promise<void> {
    const response = await page.goto(`${server.url}/${key}`, { waitUntil: 'load' });
    expect(response?.status(), key).toBe(200);
  }

  /**
   * Saves the screenshot and proves it shows a render, not a blank page: decoded by the browser
   * itself, the image must have many pixels that differ from its corner's background colour.
   */
  function screenshotShowsContent(page: Page, name: string): Promise<number> {
    return saveScreenshot(page, browser, SCREENSHOTS, name);
  }

  async function storedText(key: string): Promise<string> {
    const stored = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
    return (await stored.Body?.transformToString('utf-8')) ?? '';
  }

  it.each([
    { format: 'RSS', key: feedObjectKey('all', 'rss') },
    { format: 'Atom', key: feedObjectKey('all', 'atom') },
  ])('renders the $format feed as a page through the XSL stylesheet', async ({ format, key }) => {
    const page = await browser.newPage();
    await open(page, key);
    // The transformed document is HTML: the feed's own elements are gone, ours are there.
    expect(await page.evaluate<string>('document.documentElement.localName')).toBe('html');
    expect(await page.locator('h1').textContent()).toBe(SITE_TITLE);
    expect(await page.locator('.banner').textContent()).toContain('copy the address into your feed reader');
    expect(await page.locator('#feed-url').textContent()).toBe(`${server.url}/${key}`);
    expect(await page.locator('#subscribe-page').getAttribute('href')).toBe(`${server.url}/${subscribePageKey('all')}`);
    expect(await page.locator('article h2 a').allTextContents()).toEqual(POST_TITLES);
    expect(await page.locator('article h2 a').first().getAttribute('href')).toBe(posts[1]?.url);
    expect(await page.locator('article .meta').first().textContent()).toContain('Aigerim Sadykova');
    expect(await page.title()).toBe(`${SITE_TITLE} (${format} feed)`);
    // The inline CSS applied under the policy: the banner has its background colour.
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector(".banner")).backgroundColor')).not.toBe('rgba(0, 0, 0, 0)');
    expect(await screenshotShowsContent(page, `all-${format.toLowerCase()}`)).toBeGreaterThan(10 * Math.max(1, blank));
  });

  it.each([
    { format: 'RSS', key: feedObjectKey('all', 'rss') },
    { format: 'Atom', key: feedObjectKey('all', 'atom') },
  ])('shows plain text that looks like markup literally in the $format view, and runs nothing', async ({ key }) => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await open(page, key);
    expect(await page.locator('header .description').textContent()).toBe(SITE_DESCRIPTION);
    const summary = page.locator('article').filter({ hasText: 'Almaty court hears appeal' }).locator('p:not(.meta)');
    expect(await summary.textContent()).toBe(MARKUP_SUMMARY);
    expect(await page.locator('img, b, rights').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('renders the index page with every feed, its latest items and autodiscovery links', async () => {
    const page = await browser.newPage();
    await open(page, '');
    expect(await page.locator('h1').textContent()).toBe(SITE_TITLE);
    expect(await page.locator('header p').first().textContent()).toBe(SITE_DESCRIPTION);
    expect(await page.locator('img, rights').count()).toBe(0);
    const feedIds = await page.locator('li.feed').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-feed-id')));
    expect(feedIds).toEqual(['all', 'topics/kazakhstan', 'topics/kyrgyzstan']);
    expect(await page.locator('li[data-feed-id="all"] ol.items a').allTextContents()).toEqual(POST_TITLES);
    const alternates = await page.locator('head link[rel="alternate"]').evaluateAll((links) => links.map((link) => [link.getAttribute('type'), link.getAttribute('href')]));
    expect(alternates).toHaveLength(9);
    expect(alternates[0]).toEqual(['application/rss+xml', `${server.url}/feeds/all/rss.xml`]);
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector("li.feed")).borderTopStyle')).toBe('solid');
    expect(await page.locator('li.feed h3').allTextContents()).toEqual(['All posts', 'Topic: Kazakhstan', 'Topic: Kyrgyzstan']);
    expect(await screenshotShowsContent(page, 'index')).toBeGreaterThan(10 * Math.max(1, blank));
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await htmlProblemsOf(await storedText('index.html'))).toEqual([]);
  });

  it('follows the index page to a subscribe page, from there to a feed, and to the OPML', async () => {
    const page = await browser.newPage();
    await open(page, '');
    await page.locator('li[data-feed-id="topics/kazakhstan"] .actions a', { hasText: 'Subscribe' }).click();
    await page.waitForURL(`${server.url}/${subscribePageKey('topics/kazakhstan')}`);
    expect(await page.locator('h1').textContent()).toBe('Topic: Kazakhstan');
    await page.locator('a[type="application/atom+xml"]').click();
    await page.waitForURL(`${server.url}/feeds/topics/kazakhstan/atom.xml`);
    expect(await page.locator('article h2 a').allTextContents()).toEqual(['Almaty court hears appeal']);
    const opml = await fetch(`${server.url}/feeds.opml`);
    expect(opml.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    expect(await opml.text()).toContain(`xmlUrl="${server.url}/feeds/topics/kazakhstan/rss.xml"`);
  });

  it.each([
    { format: 'RSS', key: feedObjectKey('all', 'rss'), itemTitles: 'item > title', noise: 'guid' },
    { format: 'Atom', key: feedObjectKey('all', 'atom'), itemTitles: 'entry > title', noise: 'entry > id' },
  ])('shows the $format feed, unchanged, styled by its CSS to a browser without XSLT', async ({ format, key, itemTitles, noise }) => {
    const context = await launch([WITHOUT_XSLT]);
    await sendSitePolicy(context, server.url);
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/${key}`, { waitUntil: 'load' });
    expect(await response?.text()).toBe(await storedText(key));
    // The feed's own elements (XML, so no innerText), not an XSL page, and not Chromium's XML tree under its notice.
    expect(await page.evaluate<string>('document.documentElement.localName')).toBe(format === 'RSS' ? 'rss' : 'feed');
    expect(await page.locator(':root').textContent()).not.toContain('This document cannot be formatted as intended');
    // Item titles in a readable column: each a bold block of its own, in feed order.
    const titles = page.locator(itemTitles);
    expect(await titles.allTextContents()).toEqual(POST_TITLES);
    const titleStyle = await page.evaluate<{ display: string; fontWeight: string }>(
      `(({ display, fontWeight }) => ({ display, fontWeight }))(getComputedStyle(document.querySelector(${JSON.stringify(itemTitles)})))`,
    );
    expect(titleStyle).toEqual({ display: 'block', fontWeight: '700' });
    expect(await titles.first().isVisible()).toBe(true);
    // Ids, links and bodies of escaped HTML are noise to a person: hidden.
    expect(await page.locator(noise).first().isVisible()).toBe(false);
    expect(await page.evaluate<string>('getComputedStyle(document.documentElement, "::before").content')).toContain('This is a web feed');
    expect(await screenshotShowsContent(page, `all-${format.toLowerCase()}-without-xslt`)).toBeGreaterThan(10 * Math.max(1, blank));
  });

  it.each(['rss', 'atom'] as const)('links an archive page (%s) to the current feed and its neighbours', async (format) => {
    // Rendered the way the archive publisher renders page 2 of 3, and served like any feed file.
    const document = buildArchivePageDocument('all', { pageNumber: 2, pageCount: 3 }, posts, site);
    const files = renderFeedFiles(document);
    for (const each of FEED_FORMATS) {
      await clients.s3.send(
        new PutObjectCommand({ Bucket: bucketName, Key: archiveObjectKey('all', 2, each), Body: files[each], ContentType: FEED_CONTENT_TYPES[each] }),
      );
    }
    const page = await browser.newPage();
    await open(page, archiveObjectKey('all', 2, format));
    expect(await page.locator('article h2 a').allTextContents()).toEqual(POST_TITLES);
    expect(await page.locator('#subscribe-page').getAttribute('href')).toBe(`${server.url}/${subscribePageKey('all')}`);
    const archiveLinks = await page.locator('nav.archive a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]));
    expect(archiveLinks).toEqual([
      ['Current feed', `${server.url}/${feedObjectKey('all', format)}`],
      ['Newer items', `${server.url}/${archiveObjectKey('all', 3, format)}`],
      ['Older items', `${server.url}/${archiveObjectKey('all', 1, format)}`],
    ]);
  });

  it('links a feed\'s only archive page to the current feed once, though next-archive names it too', async () => {
    const files = renderFeedFiles(buildArchivePageDocument('topics/kyrgyzstan', { pageNumber: 1, pageCount: 1 }, posts.slice(1), site));
    const key = archiveObjectKey('topics/kyrgyzstan', 1, 'rss');
    await clients.s3.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: files.rss, ContentType: FEED_CONTENT_TYPES.rss }));
    const page = await browser.newPage();
    await open(page, key);
    const archiveLinks = await page.locator('nav.archive a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]));
    expect(archiveLinks).toEqual([['Current feed', `${server.url}/${feedObjectKey('topics/kyrgyzstan', 'rss')}`]]);
  });
  it('shows a subscribe page that says what a feed is, copies its address and passes the checks', async () => {
    const page = await browser.newPage();
    const key = subscribePageKey('all');
    await open(page, key);
    const feedUrl = `${server.url}/${feedObjectKey('all', 'rss')}`;
    expect(await page.locator('h1').textContent()).toBe('All posts');
    expect(await page.locator('#feed-url').inputValue()).toBe(feedUrl);
    expect(await page.locator('ol.items a').allTextContents()).toEqual(POST_TITLES);
    // The script loaded under the CSP and its integrity check, and showed the button.
    const copy = page.getByRole('button', { name: 'Copy' });
    await copy.click();
    // The status is written when the clipboard's promise settles: wait for it, then read it.
    await page.locator('#copy-status:not(:empty)').waitFor();
    expect(await page.locator('#copy-status').textContent()).toBe('Address copied.');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(feedUrl);
    expect(await page.getByRole('link', { name: 'Feedly' }).getAttribute('href')).toBe(`https://feedly.com/i/subscription/feed%2F${encodeURIComponent(feedUrl)}`);
    expect(await screenshotShowsContent(page, 'subscribe-all')).toBeGreaterThan(10 * Math.max(1, blank));
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await htmlProblemsOf(await storedText(key))).toEqual([]);
  });

  it('works without JavaScript: the address is there to select, and no dead button shows', async () => {
    const page = await (await launch([], { javaScriptEnabled: false })).newPage();
    await open(page, subscribePageKey('topics/kazakhstan'));
    expect(await page.locator('#feed-url').inputValue()).toBe(`${server.url}/${feedObjectKey('topics/kazakhstan', 'rss')}`);
    expect(await page.locator('button').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Inoreader' }).isVisible()).toBe(true);
    expect(await screenshotShowsContent(page, 'subscribe-kazakhstan-without-javascript')).toBeGreaterThan(10 * Math.max(1, blank));
  });

  it('shows a right-to-left subscribe page for a Persian site, in Persian', async () => {
    const [entry] = (await new FeedCatalog(clients.documents, tableName).list()).filter((each) => each.feedId === 'topics/kazakhstan');
    if (!entry) throw new Error('the catalog has no entry for topics/kazakhstan');
    const key = 'rtl-preview/subscribe.html';
    const html = renderSubscribePage({ ...site, language: 'fa' }, { ...entry, language: 'fa' });
    await clients.s3.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: html, ContentType: HTML_CONTENT_TYPE }));
    const page = await browser.newPage();
    await open(page, key);
    expect(await page.evaluate<string>('getComputedStyle(document.body).direction')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('موضوع: Kazakhstan');
    // Right to left: the copy button sits left of the address field.
    const field = await page.locator('#feed-url').boundingBox();
    const button = await page.getByRole('button', { name: 'کپی' }).boundingBox();
    expect(button && field && button.x < field.x).toBe(true);
    expect(await screenshotShowsContent(page, 'subscribe-kazakhstan-rtl')).toBeGreaterThan(10 * Math.max(1, blank));
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await htmlProblemsOf(html)).toEqual([]);
  });
});
