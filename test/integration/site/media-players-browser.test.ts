import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { startFeedServer, type RunningFeedServer } from '../../../local/feed-server/feed-server.ts';
import { feedObjectKey, feedsOfPost } from '../../../shared/feed/feed-id.ts';
import { createPublishPipeline } from '../../../shared/publish/publish-pipeline.ts';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import { accessibilityViolations, ChromiumSessions, requireChromium, saveScreenshot } from '../../support/chromium-browser.ts';
import { CollectingLog } from '../../support/collecting-log.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { htmlProblemsOf } from '../../support/html-validation.ts';
import { makePost } from '../../support/post-factory.ts';
import { testSite } from '../../support/test-site.ts';
import { toneWav } from '../../support/tone-wav.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const SCREENSHOTS = path.resolve('tmp/screenshots/media');
const TONE = toneWav();

/** A media host on 127.0.0.1 that serves the tone at any path and remembers what it was asked for. */
interface MediaHost {
  url: string;
  requests: string[];
  server: Server;
}

async function startMediaHost(): Promise<MediaHost> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': TONE.length, 'accept-ranges': 'none' });
    response.end(request.method === 'HEAD' ? undefined : TONE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

/**
 * Runs in the page (the project compiles without DOM types, so it goes over as source): loads the
 * player whose source is `src` and reports whether its metadata arrived or its source failed,
 * with every Content-Security-Policy violation the page reported meanwhile.
 */
const LOAD_PLAYER = `async (src) => {
  const violations = [];
  document.addEventListener('securitypolicyviolation', (event) => violations.push({ blockedURI: event.blockedURI, directive: event.effectiveDirective }), true);
  const source = [...document.querySelectorAll('source')].find((each) => each.getAttribute('src') === src);
  const player = source.parentElement;
  const outcome = await new Promise((resolve) => {
    player.addEventListener('loadedmetadata', () => resolve('loaded'), { once: true });
    source.addEventListener('error', () => resolve('failed'), { once: true });
    player.preload = 'metadata';
    player.load();
  });
  // The violation is reported in a task of its own, after the source's error.
  for (let wait = 0; outcome === 'failed' && violations.length === 0 && wait < 40; wait += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return { outcome, duration: player.duration, networkState: player.networkState, violations };
}`;

/** Runs in the page: the player of the file `src` within `scope`, as the test compares it. */
const PLAYER_FIELDS = `(scope, src) => {
  const source = [...scope.querySelectorAll('.player source')].find((each) => each.getAttribute('src') === src);
  const media = source.parentElement;
  const link = media.parentElement.querySelector('a');
  return {
    element: media.localName, controls: String(media.controls), preload: media.getAttribute('preload'), label: media.getAttribute('aria-label'),
    src: source.getAttribute('src'), type: source.getAttribute('type'), download: link.getAttribute('href'), downloadType: link.getAttribute('type'), downloadText: link.textContent,
  };
}`;

interface PlayerLoad {
  outcome: 'loaded' | 'failed';
  duration: number;
  networkState: number;
  violations: { blockedURI: string; directive: string }[];
}

/** HTMLMediaElement.NETWORK_NO_SOURCE: every source failed or was refused. */
const NETWORK_NO_SOURCE = 3;

/**
 * The players of the feed view and the index page in Debian's Chromium, against the local feed
 * server, which sends the site's Content-Security-Policy with its configured media origin as the
 * distribution does. A second media host on another loopback port is an origin not configured.
 */
describe('audio and video players in a browser, under the Content-Security-Policy the feed server sends', () => {
  let clients: AwsClients;
  let server: RunningFeedServer;
  let allowed: MediaHost;
  let other: MediaHost;
  let bucketName: string;
  const sessions = new ChromiumSessions();
  let browser: BrowserContext;
  let blank: number;
  let audioUrl: string;
  let videoUrl: string;
  let elsewhereUrl: string;

  const AUDIO_TITLE = 'Radio: the Kyzylsai hearing, in the reporter’s own words';
  const VIDEO_TITLE = 'Film: a gate-keeper counts the water';
  const ELSEWHERE_TITLE = 'A recording a partner hosts elsewhere';

  beforeAll(async () => {
    requireChromium();
    [allowed, other] = await Promise.all([startMediaHost(), startMediaHost()]);
    audioUrl = `${allowed.url}/audio/kyzylsai-hearing.wav`;
    videoUrl = `${allowed.url}/video/gate-keeper.mp4`;
    elsewhereUrl = `${other.url}/audio/elsewhere.wav`;
    clients = createEmulatorClients();
    const tableName = uniqueResourceName('media-view');
    bucketName = uniqueResourceName('media-view');
    await createTable(clients.dynamoDb, tableName);
    await createBucket(clients.s3, bucketName);
    server = await startFeedServer({ s3: clients.s3, bucketName, port: 0, log: () => undefined, mediaOrigins: [allowed.url] });
    const site = testSite({ feedBaseUrl: `${server.url}/` });
    const pipeline = createPublishPipeline({ clients, tableName, bucketName, site, log: new CollectingLog() });
    const posts = [
      makePost({ id: 'kyzylsai-radio', title: AUDIO_TITLE, publishedAt: '2026-11-22T09:00:00Z', updatedAt: '2026-11-22T09:00:00Z', attachments: [{ url: audioUrl, type: 'audio/wav', length: TONE.length, durationSeconds: 1 }] }),
      makePost({ id: 'gate-keeper-film', title: VIDEO_TITLE, publishedAt: '2026-11-21T09:00:00Z', updatedAt: '2026-11-21T09:00:00Z', attachments: [{ url: videoUrl, type: 'video/mp4', length: 8_388_608, durationSeconds: 74, title: 'The gate-keeper’s hut' }] }),
      makePost({ id: 'elsewhere-recording', title: ELSEWHERE_TITLE, publishedAt: '2026-11-20T09:00:00Z', updatedAt: '2026-11-20T09:00:00Z', attachments: [{ url: elsewhereUrl, type: 'audio/wav', length: TONE.length }] }),
    ];
    await pipeline.memberships.apply(posts.flatMap((post) => feedsOfPost(post).map((feedId) => ({ kind: 'put' as const, feedId, post }))));
    for (const feedId of new Set(posts.flatMap(feedsOfPost))) await pipeline.publisher.publish(feedId);
    await pipeline.siteIndex.publish();
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await sessions.launch();
    const empty = await browser.newPage();
    await empty.setContent('<!doctype html><title>blank</title><body></body>');
    blank = await saveScreenshot(empty, browser, SCREENSHOTS, 'blank');
  });

  afterAll(async () => {
    await sessions.close();
    await server?.close();
    for (const host of [allowed, other]) host?.server.close();
    if (clients) destroyClients(clients);
  });

  async function open(key: string): Promise<Page> {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/${key}`, { waitUntil: 'load' });
    expect(response?.status(), key).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain(`media-src ${allowed.url};`);
    return page;
  }

  /** What the page shows for one file under `scope`: its player's element, attributes and source, and the download link after it. */
  function playerOf(page: Page, src: string, scope = 'body'): Promise<Record<string, string | null>> {
    return page.evaluate<Record<string, string | null>>(`(${PLAYER_FIELDS})(document.querySelector(${JSON.stringify(scope)}), ${JSON.stringify(src)})`);
  }

  it.each([
    { format: 'RSS', key: feedObjectKey('all', 'rss') },
    { format: 'Atom', key: feedObjectKey('all', 'atom') },
  ])('shows a player and a download link for each audio and video file in the $format view', async ({ format, key }) => {
    const page = await open(key);
    expect(await playerOf(page, audioUrl)).toEqual({
      element: 'audio', controls: 'true', preload: 'none', label: AUDIO_TITLE,
      src: audioUrl, type: 'audio/wav', download: audioUrl, downloadType: 'audio/wav', downloadText: 'Download the audio',
    });
    expect(await playerOf(page, videoUrl)).toEqual({
      element: 'video', controls: 'true', preload: 'none', label: `${VIDEO_TITLE}: The gate-keeper’s hut`,
      src: videoUrl, type: 'video/mp4', download: videoUrl, downloadType: 'video/mp4', downloadText: 'Download the video',
    });
    // One player per file, inside its own item.
    expect(await page.locator('article:has(h2 a:text-is("' + AUDIO_TITLE + '")) audio').count()).toBe(1);
    expect(await page.locator('audio, video').count()).toBe(3);
    expect(await page.evaluate<number>('document.querySelector("video").getBoundingClientRect().width')).toBeGreaterThan(300);
    expect(await saveScreenshot(page, browser, SCREENSHOTS, `all-${format.toLowerCase()}`)).toBeGreaterThan(10 * Math.max(1, blank));
    // preload="none": opening the page fetched no media at all.
    expect([...allowed.requests, ...other.requests]).toEqual([]);
    // The page the stylesheet made; the banner over it is Chromium's own notice that XSLT is going away.
    expect(await accessibilityViolations(page, ['xslt-warning-banner'])).toEqual([]);
  });

  it('plays media from the configured origin and refuses it from any other, which is never asked', async () => {
    const page = await open(feedObjectKey('all', 'rss'));
    const played = await page.evaluate<PlayerLoad>(`(${LOAD_PLAYER})(${JSON.stringify(audioUrl)})`);
    expect(played.outcome).toBe('loaded');
    expect(played.duration).toBeCloseTo(0.5, 2);
    expect(played.violations).toEqual([]);
    expect(allowed.requests).toContain('/audio/kyzylsai-hearing.wav');

    const refused = await page.evaluate<PlayerLoad>(`(${LOAD_PLAYER})(${JSON.stringify(elsewhereUrl)})`);
    expect(refused.outcome).toBe('failed');
    expect(refused.networkState).toBe(NETWORK_NO_SOURCE);
    expect(refused.violations).toEqual([{ blockedURI: elsewhereUrl, directive: 'media-src' }]);
    expect(other.requests).toEqual([]);
    // Its download link is still there: a person can fetch the file themselves.
    expect((await playerOf(page, elsewhereUrl)).download).toBe(elsewhereUrl);
  });

  it('shows the players on the index page, which stays valid and accessible', async () => {
    const page = await open('');
    const card = '[data-feed-id="all"]';
    expect(await page.locator(`${card} .player audio`).count()).toBe(2);
    expect(await page.locator(`${card} .player video`).count()).toBe(1);
    expect(await playerOf(page, audioUrl, card)).toEqual({
      element: 'audio', controls: 'true', preload: 'none', label: AUDIO_TITLE,
      src: audioUrl, type: 'audio/wav', download: audioUrl, downloadType: 'audio/wav', downloadText: 'Download the audio',
    });
    expect(await playerOf(page, videoUrl, card)).toMatchObject({ element: 'video', label: VIDEO_TITLE, src: videoUrl, type: 'video/mp4' });
    expect(await saveScreenshot(page, browser, SCREENSHOTS, 'index')).toBeGreaterThan(10 * Math.max(1, blank));
    expect(await accessibilityViolations(page)).toEqual([]);
    const stored = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: 'index.html' }));
    expect(await htmlProblemsOf((await stored.Body?.transformToString('utf-8')) ?? '')).toEqual([]);
  });
});
