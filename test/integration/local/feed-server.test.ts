import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket } from '../../../local/bootstrap.ts';
import { siteContentSecurityPolicy } from '../../../shared/site/site-content-security-policy.ts';
import { startFeedServer, type RunningFeedServer } from '../../../local/feed-server/feed-server.ts';
import type { LogEntry } from '../../../local/emulators/json-line-log.ts';
import { FEED_CONTENT_TYPES, feedObjectKey, type FeedFormat } from '../../../shared/feed/feed-id.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
const bucketName = uniqueResourceName('feed-server');
const logs: LogEntry[] = [];
let server: RunningFeedServer;

const JSON_BODY = '{"version":"https://jsonfeed.org/version/1.1"}';
const RSS_BODY = '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Ünïcode</title></channel></rss>\n';

async function putFeed(feedId: string, format: FeedFormat, body: string) {
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: bucketName,
      Key: feedObjectKey(feedId, format),
      Body: body,
      ContentType: FEED_CONTENT_TYPES[format],
      CacheControl: 'public, max-age=60',
    }),
  );
}

beforeAll(async () => {
  await createBucket(clients.s3, bucketName);
  await putFeed('all', 'rss', RSS_BODY);
  await putFeed('all', 'atom', '<feed xmlns="http://www.w3.org/2005/Atom"/>');
  await putFeed('all', 'json', JSON_BODY);
  await putFeed('topics/russia', 'rss', '<rss version="2.0"/>');
  server = await startFeedServer({ s3: clients.s3, bucketName, port: 0, title: 'Local <Feeds>', log: (entry) => logs.push(entry) });
});

afterAll(async () => {
  await server?.close();
  destroyClients(clients);
});

const url = (path: string) => `${server.url}${path}`;

describe('feed server', () => {
  it('listens on 127.0.0.1', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves a feed with the headers stored on the object', async () => {
    const response = await fetch(url('/feeds/all/rss.xml'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(RSS_BODY);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('last-modified')).toMatch(/GMT$/);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(RSS_BODY)));
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // As the distribution's response headers policy adds it; no media origin was configured.
    expect(response.headers.get('content-security-policy')).toBe(siteContentSecurityPolicy([]));
  });

  it('answers 304 without a body when If-None-Match matches, exactly or weakly', async () => {
    const etag = (await fetch(url('/feeds/all/rss.xml'))).headers.get('etag') ?? '';
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await fetch(url('/feeds/all/rss.xml'), { headers: { 'if-none-match': ifNoneMatch } });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    }
  });

  it('answers 200 when If-None-Match does not match', async () => {
    const response = await fetch(url('/feeds/all/rss.xml'), { headers: { 'if-none-match': '"stale"' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(RSS_BODY);
  });

  it('honours If-Modified-Since when there is no If-None-Match', async () => {
    const lastModified = (await fetch(url('/feeds/all/rss.xml'))).headers.get('last-modified') ?? '';
    const notModified = await fetch(url('/feeds/all/rss.xml'), { headers: { 'if-modified-since': lastModified } });
    expect(notModified.status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const modified = await fetch(url('/feeds/all/rss.xml'), { headers: { 'if-modified-since': earlier } });
    expect(modified.status).toBe(200);
    await modified.arrayBuffer();
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const response = await fetch(url('/feeds/all/feed.json'), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(JSON_BODY)));
    expect(response.headers.get('etag')).toBeTruthy();
    expect(await response.text()).toBe('');
  });

  it('answers 404 for a missing object, on GET and HEAD', async () => {
    expect((await fetch(url('/feeds/nope/rss.xml'))).status).toBe(404);
    expect((await fetch(url('/feeds/nope/rss.xml'), { method: 'HEAD' })).status).toBe(404);
    expect((await fetch(url('/feeds/nope/rss.xml'), { headers: { 'if-none-match': '*' } })).status).toBe(404);
  });

  it('answers 405 with Allow for other methods', async () => {
    const response = await fetch(url('/feeds/all/rss.xml'), { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses paths that would leave the bucket folder', async () => {
    expect((await fetch(url('/feeds/all/'))).status).toBe(400);
    expect((await fetch(url('/feeds/%E0%A4%A'))).status).toBe(400);
  });

  it('refuses encoded slashes and dots that would reach another bucket, and a NUL, with 400', async () => {
    const other = uniqueResourceName('feed-server-other');
    await createBucket(clients.s3, other);
    await clients.s3.send(new PutObjectCommand({ Bucket: other, Key: 'secret.txt', Body: 'not for readers' }));
    for (const path of [`/..%2f${other}%2fsecret.txt`, `/feeds/..%2F..%2F${other}%2Fsecret.txt`, `/feeds%2f%2e%2e%2f..%2f${other}/secret.txt`]) {
      const response = await fetch(url(path));
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).not.toContain('not for readers');
    }
    expect((await fetch(url('/feeds/all/rss.xml%00'))).status).toBe(400);
    expect((await fetch(url('/feeds/all%00/rss.xml'), { method: 'HEAD' })).status).toBe(400);
  });

  it('lists every feed on the index page with autodiscovery links', async () => {
    const response = await fetch(url('/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain('<title>Local &lt;Feeds&gt;</title>');
    expect(head).toContain('<link rel="alternate" type="application/rss+xml" title="all (RSS 2.0)" href="/feeds/all/rss.xml">');
    expect(head).toContain('<link rel="alternate" type="application/atom+xml" title="all (Atom 1.0)" href="/feeds/all/atom.xml">');
    expect(head).toContain('<link rel="alternate" type="application/feed+json" title="all (JSON Feed)" href="/feeds/all/feed.json">');
    expect(head).toContain('href="/feeds/topics/russia/rss.xml"');
    expect(html).toContain('<h2>topics/russia</h2>');
  });

  it('serves every link of the index page', async () => {
    const html = await (await fetch(url('/'))).text();
    const hrefs = [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(hrefs).toHaveLength(4);
    for (const href of hrefs) {
      const response = await fetch(url(href), { method: 'HEAD' });
      expect(response.status, href).toBe(200);
    }
  });

  it('logged no errors', () => {
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});

describe('feed server, when a route handler fails', () => {
  const failures: LogEntry[] = [];
  let failing: RunningFeedServer;

  beforeAll(async () => {
    const fail = (what: string) => () => Promise.reject(new Error(`${what} exploded`));
    failing = await startFeedServer({
      s3: clients.s3,
      bucketName: uniqueResourceName('feed-server-missing'),
      port: 0,
      log: (entry) => failures.push(entry),
      websub: { callback: fail('callback'), maxBodyBytes: 1024 },
      newsletter: { serve: fail('newsletter') },
    });
  });

  afterAll(async () => {
    await failing?.close();
  });

  it.each([
    { path: '/feeds/all/rss.xml', route: 'bucket', says: 'Bad Gateway: the bucket could not be read\n', cause: 'NoSuchBucket' },
    { path: '/newsletter/subscribe', route: 'newsletter', says: 'Bad Gateway: the newsletter endpoint failed\n', cause: 'newsletter exploded' },
    { path: '/websub/steppe-wire', route: 'websub', says: 'Bad Gateway: the WebSub callback failed\n', cause: 'callback exploded' },
  ])('says what failed on the $route route and logs the error', async ({ path, route, says, cause }) => {
    const response = await fetch(`${failing.url}${path}`);
    expect(response.status).toBe(502);
    expect(await response.text()).toBe(says);
    const entry = failures.find((logged) => logged.url === path);
    expect(entry).toMatchObject({ level: 'error', route, message: `feed server request failed: ${says.slice('Bad Gateway: '.length, -1)}` });
    const error = entry?.error as Error;
    expect(error).toBeInstanceOf(Error);
    expect(`${error.name}: ${error.message}`).toContain(cause);
  });
});
