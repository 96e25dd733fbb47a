import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  BodyTooLargeError,
  FetchTimeoutError,
  HttpStatusError,
  RedirectLoopError,
  TooManyRedirectsError,
  UnsupportedSchemeError,
} from '../../../shared/ingest/fetch/fetch-errors.ts';
import type { HostResolver } from '../../../shared/ingest/fetch/guarded-connector.ts';
import { HttpFetcher, type HttpFetcherOptions } from '../../../shared/ingest/fetch/http-fetcher.ts';
import { FixtureFeedServer, readFixture } from '../../support/fixture-feed-server.ts';

let server: FixtureFeedServer;
const fetchers: HttpFetcher[] = [];

/** The guard stays on; only the fixture server's own address is let through. */
const FIXTURE_ONLY = { allowPrivateNetworks: false, allowedAddresses: ['127.0.0.1'] };

function fetcher(overrides: Partial<HttpFetcherOptions> = {}): HttpFetcher {
  const created = new HttpFetcher({
    userAgent: 'Feedline-test/1.0 (+https://feedline.example/about)',
    timeoutMs: 2_000,
    maxBodyBytes: 1_000_000,
    maxRedirects: 5,
    perHostConcurrency: 2,
    policy: FIXTURE_ONLY,
    ...overrides,
  });
  fetchers.push(created);
  return created;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  server = await FixtureFeedServer.start();
});

afterAll(async () => {
  await Promise.all(fetchers.map((created) => created.close()));
  await server.close();
});

describe('fetching feeds politely', () => {
  it('sends the stored validators back byte for byte and gets a 304', async () => {
    server.feed('/conditional.xml', await readFixture('basic.rss.xml'), { cacheControl: 'max-age=300' });
    const client = fetcher();
    const first = await client.fetch({ url: server.urlOf('/conditional.xml'), validators: {} });
    expect(first).toMatchObject({ kind: 'fetched', status: 200, cacheControl: 'max-age=300', lastModified: 'Fri, 20 Nov 2026 12:00:00 GMT' });
    expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const second = await client.fetch({ url: server.urlOf('/conditional.xml'), validators: { etag: first.etag, lastModified: first.lastModified } });
    expect(second).toMatchObject({ kind: 'not-modified', status: 304, etag: first.etag });
    const [plain, conditional] = server.requestsTo('/conditional.xml');
    expect(plain?.headers['if-none-match']).toBeUndefined();
    expect(conditional?.headers['if-none-match']).toBe(first.etag);
    expect(conditional?.headers['if-modified-since']).toBe('Fri, 20 Nov 2026 12:00:00 GMT');
    expect(conditional?.headers['user-agent']).toBe('Feedline-test/1.0 (+https://feedline.example/about)');
    expect(conditional?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends a weak or odd ETag exactly as received', async () => {
    server.route('/weak.xml', (request, response) => {
      if (request.headers['if-none-match'] === 'W/"v1; odd"') return void response.writeHead(304).end();
      response.writeHead(200, { etag: 'W/"v1; odd"', 'content-type': 'application/rss+xml' }).end('<rss/>');
    });
    const client = fetcher();
    const first = await client.fetch({ url: server.urlOf('/weak.xml'), validators: {} });
    expect((await client.fetch({ url: server.urlOf('/weak.xml'), validators: { etag: first.etag } })).kind).toBe('not-modified');
  });

  it('decompresses gzip, deflate (zlib and raw) and brotli', async () => {
    const { brotliCompressSync, deflateSync, deflateRawSync } = await import('node:zlib');
    const body = await readFixture('basic.rss.xml');
    const encodings: [string, Buffer][] = [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['deflate', deflateRawSync(body)],
      ['br', brotliCompressSync(body)],
    ];
    for (const [index, [encoding, compressed]] of encodings.entries()) {
      server.route(`/encoded-${index}.xml`, (_request, response) => {
        response.writeHead(200, { 'content-encoding': encoding, 'content-type': 'application/rss+xml' }).end(compressed);
      });
      const result = await fetcher().fetch({ url: server.urlOf(`/encoded-${index}.xml`), validators: {} });
      expect(result.kind === 'fetched' && result.body.equals(body)).toBe(true);
    }
  });

  it('reports changed content as a new 200', async () => {
    server.feed('/changing.xml', await readFixture('basic.rss.xml'));
    const client = fetcher();
    const first = await client.fetch({ url: server.urlOf('/changing.xml'), validators: {} });
    server.feed('/changing.xml', await readFixture('basic-changed.rss.xml'), { lastModified: new Date('2026-11-25T09:00:00Z') });
    const second = await client.fetch({ url: server.urlOf('/changing.xml'), validators: { etag: first.etag, lastModified: first.lastModified } });
    expect(second.kind).toBe('fetched');
    expect(second.etag).not.toBe(first.etag);
  });
});

describe('redirects', () => {
  it('follows a 301 and reports the new permanent URL', async () => {
    server.redirect('/moved.xml', 301, '/new-home.xml').feed('/new-home.xml', await readFixture('basic.rss.xml'));
    const result = await fetcher().fetch({ url: server.urlOf('/moved.xml'), validators: {} });
    expect(result).toMatchObject({ kind: 'fetched', finalUrl: server.urlOf('/new-home.xml'), permanentUrl: server.urlOf('/new-home.xml') });
  });

  it('follows a 302 without changing the stored URL, and stops the permanent run at a temporary hop', async () => {
    server.redirect('/temporary.xml', 302, '/new-home.xml');
    expect((await fetcher().fetch({ url: server.urlOf('/temporary.xml'), validators: {} })).permanentUrl).toBeUndefined();
    server.redirect('/chain-301.xml', 308, '/chain-302.xml').redirect('/chain-302.xml', 302, '/chain-301b.xml').redirect('/chain-301b.xml', 301, '/new-home.xml');
    const chained = await fetcher().fetch({ url: server.urlOf('/chain-301.xml'), validators: {} });
    expect(chained).toMatchObject({ finalUrl: server.urlOf('/new-home.xml'), permanentUrl: server.urlOf('/chain-302.xml') });
  });

  it('refuses a redirect loop and a sixth redirect', async () => {
    server.redirect('/loop-a.xml', 302, '/loop-b.xml').redirect('/loop-b.xml', 302, '/loop-a.xml');
    expect(await failureOf(fetcher().fetch({ url: server.urlOf('/loop-a.xml'), validators: {} }))).toBeInstanceOf(RedirectLoopError);
    for (let hop = 0; hop < 6; hop += 1) server.redirect(`/hop-${hop}.xml`, 302, `/hop-${hop + 1}.xml`);
    server.feed('/hop-6.xml', await readFixture('basic.rss.xml'));
    expect(await failureOf(fetcher().fetch({ url: server.urlOf('/hop-0.xml'), validators: {} }))).toBeInstanceOf(TooManyRedirectsError);
    expect((await fetcher().fetch({ url: server.urlOf('/hop-1.xml'), validators: {} })).kind).toBe('fetched');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    server.redirect('/to-file.xml', 302, 'file:///etc/passwd');
    expect(await failureOf(fetcher().fetch({ url: server.urlOf('/to-file.xml'), validators: {} }))).toBeInstanceOf(UnsupportedSchemeError);
  });
});

describe('failures carry what went wrong', () => {
  it.each([404, 410, 500])('HTTP %i', async (status) => {
    server.status(`/status-${status}.xml`, status);
    const error = await failureOf(fetcher().fetch({ url: server.urlOf(`/status-${status}.xml`), validators: {} }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).toRecord()).toEqual({ kind: 'http-status', status, message: `HTTP ${status} from ${server.urlOf(`/status-${status}.xml`)}` });
  });

  it('429 and 503 keep Retry-After', async () => {
    server.status('/busy.xml', 429, { 'retry-after': '120' }).status('/down.xml', 503, { 'retry-after': 'Wed, 25 Nov 2026 13:00:00 GMT' });
    expect(await failureOf(fetcher().fetch({ url: server.urlOf('/busy.xml'), validators: {} }))).toMatchObject({ status: 429, retryAfter: '120' });
    expect(await failureOf(fetcher().fetch({ url: server.urlOf('/down.xml'), validators: {} }))).toMatchObject({ status: 503, retryAfter: 'Wed, 25 Nov 2026 13:00:00 GMT' });
  });

  it('gives up on a response that stalls past the timeout', async () => {
    server.stall('/slow.xml');
    const started = Date.now();
    const error = await failureOf(fetcher({ timeoutMs: 300 }).fetch({ url: server.urlOf('/slow.xml'), validators: {} }));
    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bounds the whole fetch by one deadline: slow redirect hops add up instead of each getting the timeout', async () => {
    const deadlineMs = 300;
    // Five hops of 100 ms: each well within the timeout, together past it.
    for (let hop = 0; hop < 5; hop += 1) server.slowRedirect(`/slow-hop-${hop}.xml`, 100, `/slow-hop-${hop + 1}.xml`);
    server.feed('/slow-hop-5.xml', await readFixture('basic.rss.xml'));
    const started = Date.now();
    const error = await failureOf(fetcher({ timeoutMs: deadlineMs }).fetch({ url: server.urlOf('/slow-hop-0.xml'), validators: {} }));
    expect(Date.now() - started).toBeLessThan(2 * deadlineMs);
    expect(error).toBeInstanceOf(FetchTimeoutError);
    const { hops, elapsedMs, url, timeoutMs } = error as FetchTimeoutError;
    // About three hops fit; a loaded machine may fit fewer, never all six.
    expect(hops).toBeGreaterThanOrEqual(2);
    expect(hops).toBeLessThanOrEqual(4);
    expect(url).toBe(server.urlOf(`/slow-hop-${hops - 1}.xml`));
    expect(timeoutMs).toBe(deadlineMs);
    expect(elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 10);
    expect((error as FetchTimeoutError).toRecord()).toEqual({ kind: 'timeout', message: `no complete response from ${url} within 300 ms (${hops} requests, ${elapsedMs} ms)` });
  });

  it('counts a slowly dripping body against the same deadline as the redirects before it', async () => {
    const deadlineMs = 300;
    server.slowRedirect('/drip-hop-0.xml', 75, '/drip-hop-1.xml').slowRedirect('/drip-hop-1.xml', 75, '/drip.xml').drip('/drip.xml', 20);
    const started = Date.now();
    const error = await failureOf(fetcher({ timeoutMs: deadlineMs }).fetch({ url: server.urlOf('/drip-hop-0.xml'), validators: {} }));
    expect(Date.now() - started).toBeLessThan(2 * deadlineMs);
    expect(error).toMatchObject({ kind: 'timeout', url: server.urlOf('/drip.xml'), hops: 3 });
    await expect.poll(() => server.hungUp.has('/drip.xml')).toBe(true);
  });

  it('counts connecting against the deadline: a DNS answer that never comes ends the fetch on time', async () => {
    const deadlineMs = 300;
    const silentDns: HostResolver = () => new Promise(() => undefined);
    server.redirect('/to-silent-dns.xml', 302, `http://silent.partner.test:${new URL(server.url).port}/feed.xml`);
    const started = Date.now();
    const error = await failureOf(fetcher({ timeoutMs: deadlineMs, resolver: silentDns }).fetch({ url: server.urlOf('/to-silent-dns.xml'), validators: {} }));
    expect(Date.now() - started).toBeLessThan(2 * deadlineMs);
    expect(error).toMatchObject({ kind: 'timeout', url: `http://silent.partner.test:${new URL(server.url).port}/feed.xml`, hops: 2 });
  });

  it('does not count time queued behind other requests to the same host', async () => {
    const body = await readFixture('basic.rss.xml');
    server.slowFeed('/busy-host.xml', 150, body);
    const client = fetcher({ timeoutMs: 300, perHostConcurrency: 1 });
    // One at a time: the third waits about 300 ms for its turn, then needs 150 ms of its own.
    const results = await Promise.all([0, 1, 2].map(() => client.fetch({ url: server.urlOf('/busy-host.xml'), validators: {} })));
    expect(results.map((result) => result.kind)).toEqual(['fetched', 'fetched', 'fetched']);
  });

  it('cuts off a body past the size limit instead of buffering it', async () => {
    server.endless('/huge.xml');
    const before = process.memoryUsage().rss;
    const error = await failureOf(fetcher({ maxBodyBytes: 256 * 1024 }).fetch({ url: server.urlOf('/huge.xml'), validators: {} }));
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    // The client hung up: the server stopped after a few buffers' worth, not an endless stream.
    await expect.poll(() => server.hungUp.has('/huge.xml')).toBe(true);
    expect(server.bytesSent.get('/huge.xml')).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a declared Content-Length past the limit before reading, and a gzip bomb after inflating', async () => {
    server.route('/declared.xml', (_request, response) => {
      response.writeHead(200, { 'content-length': String(10_000_000), 'content-type': 'application/rss+xml' });
      response.write('<rss>');
    });
    expect((await failureOf(fetcher({ maxBodyBytes: 1_000_000 }).fetch({ url: server.urlOf('/declared.xml'), validators: {} }))) as Error).toBeInstanceOf(BodyTooLargeError);
    const bomb = gzipSync(Buffer.alloc(50_000_000, 0x20));
    server.route('/bomb.xml', (_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' }).end(bomb);
    });
    const error = await failureOf(fetcher({ maxBodyBytes: 1_000_000 }).fetch({ url: server.urlOf('/bomb.xml'), validators: {} }));
    expect((error as Error).message).toMatch(/larger than 1000000 bytes \(decompressed\)/);
  });
});

describe('SSRF protection', () => {
  it('refuses a redirect to the cloud metadata address before connecting', async () => {
    server.redirect('/to-metadata.xml', 302, 'http://169.254.169.254/latest/meta-data/');
    const started = Date.now();
    const error = await failureOf(fetcher().fetch({ url: server.urlOf('/to-metadata.xml'), validators: {} }));
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).toRecord()).toEqual({
      kind: 'blocked-address',
      message: 'refused to connect to 169.254.169.254: 169.254.169.254 is a link-local (cloud metadata) address',
    });
    // No TCP attempt to a non-existent host was made: that would take the connect timeout.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses loopback when only the strict default policy applies', async () => {
    server.feed('/strict.xml', await readFixture('basic.rss.xml'));
    const error = await failureOf(fetcher({ policy: { allowPrivateNetworks: false } }).fetch({ url: server.urlOf('/strict.xml'), validators: {} }));
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(server.requestsTo('/strict.xml')).toHaveLength(0);
  });

  it('checks names after DNS resolution: internal answers and rebinding are refused', async () => {
    const port = new URL(server.url).port;
    const answers: Record<string, string[]> = {
      'intranet.partner.test': ['10.0.0.5'],
      'mixed.partner.test': ['169.254.169.254', '127.0.0.1'],
      'fixture.partner.test': ['127.0.0.1'],
    };
    const resolver: HostResolver = async (hostname) => (answers[hostname] ?? []).map((address) => ({ address, family: 4 }));
    const client = fetcher({ resolver });
    server.feed('/named.xml', await readFixture('basic.rss.xml'));
    expect(await failureOf(client.fetch({ url: `http://intranet.partner.test:${port}/named.xml`, validators: {} }))).toBeInstanceOf(BlockedAddressError);
    // Only the allowed address is handed to the socket.
    expect((await client.fetch({ url: `http://mixed.partner.test:${port}/named.xml`, validators: {} })).kind).toBe('fetched');
    server.redirect('/rebind.xml', 302, `http://intranet.partner.test:${port}/named.xml`);
    expect(await failureOf(client.fetch({ url: `http://fixture.partner.test:${port}/rebind.xml`, validators: {} }))).toBeInstanceOf(BlockedAddressError);
  });

  it('refuses loopback spelled in decimal or octal', async () => {
    const port = new URL(server.url).port;
    server.feed('/spelled.xml', await readFixture('basic.rss.xml'));
    const strict = fetcher({ policy: { allowPrivateNetworks: false } });
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.1']) {
      expect(await failureOf(strict.fetch({ url: `http://${host}:${port}/spelled.xml`, validators: {} })), host).toBeInstanceOf(BlockedAddressError);
    }
    expect(server.requestsTo('/spelled.xml')).toHaveLength(0);
  });

  it('refuses IPv6 forms that embed loopback, as literals and as DNS answers, even with 127.0.0.1 itself allowed', async () => {
    const port = new URL(server.url).port;
    server.feed('/embedded.xml', await readFixture('basic.rss.xml'));
    const embedding = ['::7f00:1', '::ffff:0:7f00:1', '64:ff9b:1::7f00:1', '::ffff:7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::1'];
    // embedded-N.partner.test resolves to the Nth address.
    const resolver: HostResolver = async (hostname) => {
      const address = embedding[Number(/^embedded-(\d+)\./.exec(hostname)?.[1])];
      return address === undefined ? [] : [{ address, family: 6 }];
    };
    const client = fetcher({ resolver });
    for (const [index, address] of embedding.entries()) {
      for (const url of [`http://[${address}]:${port}/embedded.xml`, `http://embedded-${index}.partner.test:${port}/embedded.xml`]) {
        expect(await failureOf(client.fetch({ url, validators: {} })), url).toBeInstanceOf(BlockedAddressError);
      }
    }
    expect(server.requestsTo('/embedded.xml')).toHaveLength(0);
  });

  it('refuses non-http schemes outright', async () => {
    for (const url of ['ftp://wire.example/feed.xml', 'file:///etc/passwd', 'gopher://wire.example/', 'not a url']) {
      expect(await failureOf(fetcher().fetch({ url, validators: {} }))).toBeInstanceOf(UnsupportedSchemeError);
    }
  });
});
