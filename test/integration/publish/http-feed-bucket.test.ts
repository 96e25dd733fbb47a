import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBucket } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { HttpFeedBucket } from '../../../shared/aws/http-feed-bucket.ts';
import type { SignedCallTimeouts } from '../../../shared/aws/signed-call-transport.ts';
import { FeedObjectStore, WriteConflictError } from '../../../shared/publish/write/feed-object-store.ts';
import { createEmulatorClients, destroyClients, EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

/**
 * The stream function's S3 client (signed HTTP, not the SDK's client): against the S3 emulator for
 * what S3 stores and answers, and against a loopback double for what the emulator cannot do
 * (refused conditions, throttling, server errors, truncated listings on demand).
 */
const clients = createEmulatorClients();
const bucketName = uniqueResourceName('http-bucket');

function emulatorBucket(): HttpFeedBucket {
  return new HttpFeedBucket({ region: EMULATOR_REGION, endpoint: inject('s3Endpoint'), forcePathStyle: true, credentials: { ...EMULATOR_CREDENTIALS } });
}

/** The object as the SDK's client reads it. */
async function storedObject(key: string): Promise<{ body: string; contentType?: string; cacheControl?: string; etag?: string }> {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
  return { body: (await object.Body?.transformToString('utf-8')) ?? '', contentType: object.ContentType, cacheControl: object.CacheControl, etag: object.ETag };
}

beforeAll(async () => {
  await createBucket(clients.s3, bucketName);
});

afterAll(() => destroyClients(clients));

describe('HttpFeedBucket against the S3 emulator', () => {
  it('writes an object the SDK reads back byte for byte, with its type, cache policy and metadata', async () => {
    const body = 'Право на протест — <a href="x">ok</a> & more';
    const put = await emulatorBucket().putObject({
      bucket: bucketName,
      key: 'feeds/all/atom.xml',
      body,
      contentType: 'application/atom+xml; charset=utf-8',
      cacheControl: 'public, max-age=60',
      metadata: { 'content-sha256': 'abc123' },
      ifNoneMatch: '*',
    });
    expect(await storedObject('feeds/all/atom.xml')).toEqual({ body, contentType: 'application/atom+xml; charset=utf-8', cacheControl: 'public, max-age=60', etag: put.etag });
    expect(await emulatorBucket().headObject(bucketName, 'feeds/all/atom.xml')).toEqual({ etag: put.etag, metadata: { 'content-sha256': 'abc123' } });
  });

  it('answers undefined for a key that does not exist', async () => {
    expect(await emulatorBucket().headObject(bucketName, 'feeds/nowhere/rss.xml')).toBeUndefined();
  });

  it('encodes keys so that spaces, non-ASCII letters and reserved characters reach the same object', async () => {
    const key = "pubs/fa/feeds/topics/a b+c(d)!'*/خبر.json";
    await emulatorBucket().putObject({ bucket: bucketName, key, body: '{}', contentType: 'application/json', cacheControl: 'no-cache', metadata: {} });
    expect((await storedObject(key)).body).toBe('{}');
    expect(await emulatorBucket().listKeys(bucketName, 'pubs/fa/')).toEqual([key]);
  });

  it('lists every key under a prefix and none outside it', async () => {
    for (const key of ['list/a/1.xml', 'list/a/2.xml', 'list/b/1.xml']) {
      await emulatorBucket().putObject({ bucket: bucketName, key, body: key, contentType: 'text/plain', cacheControl: 'no-cache', metadata: {} });
    }
    expect((await emulatorBucket().listKeys(bucketName, 'list/a/')).sort()).toEqual(['list/a/1.xml', 'list/a/2.xml']);
  });
});

/** A loopback stand-in for S3 that answers each request with the next scripted response. */
interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer, keeping the connection open (dropped when the double closes). */
  stall?: boolean;
}

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let double: Server;
let script: ScriptedAnswer[] = [];
let seen: SeenRequest[] = [];

function answer(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    const next = script.shift() ?? { status: 500, body: '<Error><Code>NoScript</Code></Error>' };
    if (next.stall === true) return;
    response.writeHead(next.status, next.headers ?? {}).end(request.method === 'HEAD' ? undefined : next.body);
  });
}

function doubleBucket(timeouts?: SignedCallTimeouts): HttpFeedBucket {
  const { port } = double.address() as AddressInfo;
  return new HttpFeedBucket({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, ...(timeouts ? { timeouts } : {}) });
}

function s3ErrorBody(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} from the double</Message></Error>`;
}

const A_PUT = { bucket: 'feeds', key: 'feeds/all/rss.xml', body: '<rss/>', contentType: 'application/rss+xml', cacheControl: 'no-cache', metadata: {} };

describe('HttpFeedBucket against a loopback S3 double', () => {
  beforeAll(async () => {
    double = createServer(answer);
    await new Promise<void>((resolve) => double.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => {
    script = [];
    seen = [];
  });

  afterAll(() => {
    double.closeAllConnections();
    return new Promise<void>((resolve) => double.close(() => resolve()));
  });

  it('signs each request with SigV4 for S3, over the SHA-256 of the body it sends', async () => {
    script = [{ status: 200, headers: { etag: '"e1"' } }];
    expect(await doubleBucket().putObject({ ...A_PUT, ifMatch: '"e0"' })).toEqual({ etag: '"e1"' });
    const [request] = seen;
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/feeds/feeds/all/rss.xml');
    expect(request?.headers['if-match']).toBe('"e0"');
    expect(request?.headers['x-amz-content-sha256']).toBe(createHash('sha256').update('<rss/>').digest('hex'));
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
  });

  it('fails a refused condition at once, as a 412 the feed store turns into a write conflict', async () => {
    script = [{ status: 412, body: s3ErrorBody('PreconditionFailed') }];
    const store = new FeedObjectStore(doubleBucket(), 'feeds');
    await expect(store.putIfChanged({ key: 'feeds/all/rss.xml', body: '<rss/>', contentType: 'application/rss+xml', cacheControl: 'no-cache', replaces: { etag: '"old"' } })).rejects.toBeInstanceOf(WriteConflictError);
    expect(seen).toHaveLength(1);
  });

  it('retries throttling and server errors like the SDK, then succeeds', async () => {
    script = [{ status: 503, body: s3ErrorBody('SlowDown') }, { status: 500, body: s3ErrorBody('InternalError') }, { status: 200, headers: { etag: '"e2"' } }];
    expect(await doubleBucket().putObject(A_PUT)).toEqual({ etag: '"e2"' });
    expect(seen).toHaveLength(3);
  });

  it('gives up on an answer that never comes after its idle timeout, and writes again', async () => {
    script = [{ status: 0, stall: true }, { status: 200, headers: { etag: '"e3"' } }];
    expect(await doubleBucket({ connectMs: 1_000, idleMs: 200 }).putObject(A_PUT)).toEqual({ etag: '"e3"' });
    expect(seen).toHaveLength(2);
  });

  it('gives up after three attempts with the error S3 named, its status and the attempts made', async () => {
    script = [500, 500, 500, 500].map((status) => ({ status, body: s3ErrorBody('InternalError') }));
    await expect(doubleBucket().putObject(A_PUT)).rejects.toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500, attempts: 3 } });
    expect(seen).toHaveLength(3);
  });

  it('reads a HEAD of a missing key as absent, and another client error as a failure without retrying', async () => {
    script = [{ status: 404 }, { status: 403 }];
    expect(await doubleBucket().headObject('feeds', 'feeds/all/rss.xml')).toBeUndefined();
    await expect(doubleBucket().headObject('feeds', 'feeds/all/rss.xml')).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(seen).toHaveLength(2);
  });

  it('follows continuation tokens through a truncated listing and stops after the last page', async () => {
    const page = (keys: string[], next?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>${keys.map((key) => `<Contents><Key>${key}</Key><Size>1</Size></Contents>`).join('')}` +
      `<IsTruncated>${next !== undefined}</IsTruncated>${next === undefined ? '' : `<NextContinuationToken>${next}</NextContinuationToken>`}</ListBucketResult>`;
    script = [{ status: 200, body: page(['feeds/a&amp;b.xml'], 'token/2+') }, { status: 200, body: page(['feeds/c.xml']) }];
    expect(await doubleBucket().listKeys('feeds', 'feeds/')).toEqual(['feeds/a&b.xml', 'feeds/c.xml']);
    expect(seen.map((request) => new URL(request.url, 'http://double').searchParams.get('continuation-token'))).toEqual([null, 'token/2+']);
    expect(new URL(seen[0]?.url ?? '', 'http://double').searchParams.get('prefix')).toBe('feeds/');
  });
});
