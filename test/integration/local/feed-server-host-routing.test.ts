import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket } from '../../../local/bootstrap.ts';
import { startFeedServer, type RunningFeedServer } from '../../../local/feed-server/feed-server.ts';
import { publicationObjectPrefix } from '../../../shared/publication/publication-keys.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { requestWithHost, type HostHeaderReply } from '../../support/host-header-request.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
const bucketName = uniqueResourceName('host-routing');
let server: RunningFeedServer;

const BODIES = {
  default: '<rss version="2.0"><channel><title>Steppe Rights Monitor</title></channel></rss>',
  fa: '<rss version="2.0"><channel><title>دیده‌بان</title></channel></rss>',
  ru: '<rss version="2.0"><channel><title>Наблюдатель</title></channel></rss>',
  faIndex: '<!doctype html><html lang="fa" dir="rtl"><title>دیده‌بان</title></html>',
};

async function putObject(key: string, body: string, contentType = 'application/xml; charset=utf-8') {
  await clients.s3.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: body, ContentType: contentType }));
}

function get(host: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HostHeaderReply> {
  return requestWithHost(server.port, host, path, headers, method);
}

beforeAll(async () => {
  await createBucket(clients.s3, bucketName);
  await putObject('feeds/all/rss.xml', BODIES.default);
  await putObject(`${publicationObjectPrefix('fa')}feeds/all/rss.xml`, BODIES.fa);
  await putObject(`${publicationObjectPrefix('fa')}index.html`, BODIES.faIndex, 'text/html; charset=utf-8');
  await putObject(`${publicationObjectPrefix('ru')}feeds/all/rss.xml`, BODIES.ru);
  server = await startFeedServer({
    s3: clients.s3,
    bucketName,
    port: 0,
    log: () => undefined,
    publicationHostnames: { fa: 'fa.localhost', ru: 'ru.localhost' },
  });
});

afterAll(async () => {
  await server?.close();
  destroyClients(clients);
});

describe('feed server host routing', () => {
  it("serves a publication host name from the publication's prefix", async () => {
    expect(await get('fa.localhost', '/feeds/all/rss.xml')).toMatchObject({ status: 200, body: BODIES.fa });
    expect(await get('ru.localhost', '/feeds/all/rss.xml')).toMatchObject({ status: 200, body: BODIES.ru });
  });

  it('takes the Host header in any case and with a port', async () => {
    expect(await get(`FA.LocalHost:${server.port}`, '/feeds/all/rss.xml')).toMatchObject({ status: 200, body: BODIES.fa });
  });

  it("serves the publication's index page at its root", async () => {
    const reply = await get('fa.localhost', '/');
    expect(reply).toMatchObject({ status: 200, body: BODIES.faIndex });
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('keeps the query string out of the way, as CloudFront does', async () => {
    expect(await get('fa.localhost', '/feeds/all/rss.xml?utm_source=newsletter')).toMatchObject({ status: 200, body: BODIES.fa });
  });

  it("leaves the server's own address and unknown hosts on the default publication", async () => {
    expect(await get(`127.0.0.1:${server.port}`, '/feeds/all/rss.xml')).toMatchObject({ status: 200, body: BODIES.default });
    expect(await get('elsewhere.localhost', '/feeds/all/rss.xml')).toMatchObject({ status: 200, body: BODIES.default });
  });

  it("answers conditional requests on a publication host from the publication's object", async () => {
    const first = await get('fa.localhost', '/feeds/all/rss.xml');
    const etag = first.headers.etag as string;
    expect(await get('fa.localhost', '/feeds/all/rss.xml', { 'if-none-match': etag })).toMatchObject({ status: 304 });
    expect((await get('fa.localhost', '/feeds/all/rss.xml', {}, 'HEAD')).headers.etag).toBe(etag);
  });

  it.each(['/../feeds/all/rss.xml', '/%2e%2e/ru/feeds/all/rss.xml', '/feeds/..%2f..%2f..%2ffeeds/all/rss.xml', '/..%5cfeeds/all/rss.xml'])(
    'refuses %s on a publication host, which could leave its prefix',
    async (path) => {
      const reply = await get('fa.localhost', path);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatch(/^Bad Request: /);
    },
  );

  it("cannot reach another publication's objects through a path", async () => {
    expect((await get('fa.localhost', '/pubs/ru/feeds/all/rss.xml')).status).toBe(404);
  });
});
