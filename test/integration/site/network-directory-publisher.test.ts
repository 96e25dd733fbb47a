import { GetObjectCommand, PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBucket } from '../../../local/bootstrap.ts';
import type { AwsClients } from '../../../shared/aws/aws-clients.ts';
import { NetworkDirectoryConflictError, NetworkDirectoryPublisher } from '../../../shared/publish/site/network-directory-publisher.ts';
import { FeedObjectStore } from '../../../shared/publish/write/feed-object-store.ts';
import type { NetworkPublication } from '../../../shared/site/network-directory.ts';
import { NETWORK_INDEX_KEY, NETWORK_OPML_KEY } from '../../../shared/site/site-keys.ts';
import { parseStrictXml } from '../../unit/feed/strict-xml-tree.ts';
import { publicationEntry, TEST_NETWORK, TEST_PUBLICATIONS } from '../../unit/site/catalog-fixtures.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { interceptS3, internalError, preconditionFailed } from '../../support/s3-fault-injection.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const CACHE_CONTROL = 'public, max-age=60';

describe('network directory publisher against the S3 emulator', () => {
  let clients: AwsClients;
  let bucketName: string;
  let publications: NetworkPublication[];
  let reads: number;
  /** Decides each PUT: the real one, or a fault. */
  let onPut: (input: PutObjectCommandInput, realPut: (input: PutObjectCommandInput) => Promise<unknown>) => Promise<unknown>;
  const puts: string[] = [];

  function publisher(): NetworkDirectoryPublisher {
    return new NetworkDirectoryPublisher({
      objects: new FeedObjectStore(clients.s3, bucketName),
      network: { ...TEST_NETWORK, cacheControl: CACHE_CONTROL },
      publications: async () => {
        reads += 1;
        return publications;
      },
    });
  }

  async function readObject(key: string): Promise<{ body: string; contentType?: string; cacheControl?: string; etag?: string }> {
    const result = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
    return { body: (await result.Body?.transformToString('utf-8')) ?? '', contentType: result.ContentType, cacheControl: result.CacheControl, etag: result.ETag };
  }

  beforeAll(async () => {
    clients = createEmulatorClients();
    bucketName = uniqueResourceName('network-directory');
    await createBucket(clients.s3, bucketName);
    interceptS3(clients.s3, (input, realPut) => {
      puts.push(String(input.Key));
      return onPut(input, realPut);
    });
  });

  beforeEach(() => {
    publications = structuredClone(TEST_PUBLICATIONS);
    reads = 0;
    puts.length = 0;
    onPut = (input, realPut) => realPut(input);
  });

  afterAll(() => {
    if (clients) destroyClients(clients);
  });

  it('writes the directory page and the network OPML with their content types', async () => {
    expect(await publisher().publish()).toBe(true);
    const page = await readObject(NETWORK_INDEX_KEY);
    const opml = await readObject(NETWORK_OPML_KEY);
    expect(page).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: CACHE_CONTROL });
    expect(opml).toMatchObject({ contentType: 'text/x-opml; charset=utf-8', cacheControl: CACHE_CONTROL });
    expect(page.body).toContain('data-publication-id="fa" lang="fa" dir="rtl"');
    const folders = parseStrictXml(opml.body).children.find((child) => child.local === 'body')?.children ?? [];
    expect(folders.map((folder) => folder.attributes.text)).toEqual(['Steppe Rights Monitor', 'دیده‌بان حقوق', 'Степной монитор']);
  });

  it('writes nothing when no publication changed: the objects keep their ETags', async () => {
    await publisher().publish();
    const before = await readObject(NETWORK_INDEX_KEY);
    puts.length = 0;
    expect(await publisher().publish()).toBe(false);
    expect(puts).toEqual([]);
    expect((await readObject(NETWORK_INDEX_KEY)).etag).toBe(before.etag);
  });

  it('rewrites both objects when one publication gains a feed', async () => {
    await publisher().publish();
    puts.length = 0;
    const russian = publications.find((publication) => publication.id === 'ru')!;
    publications = publications.map((publication) =>
      publication === russian ? { ...russian, entries: [...russian.entries, publicationEntry(russian.site.feedBaseUrl, 'topics/kazakhstan', { title: 'Степной монитор: Казахстан', language: 'ru' })] } : publication,
    );
    expect(await publisher().publish()).toBe(true);
    expect(puts.sort()).toEqual([NETWORK_OPML_KEY, NETWORK_INDEX_KEY].sort());
    expect((await readObject(NETWORK_INDEX_KEY)).body).toContain('Тема: Казахстан');
    expect((await readObject(NETWORK_OPML_KEY)).body).toContain('https://feeds.example.org/pubs/ru/feeds/topics/kazakhstan/rss.xml');
  });

  it('reads the publications again and redoes the write when another writer got there first', async () => {
    publications = [publications[0]!];
    let conflicts = 1;
    onPut = (input, realPut) => {
      if (input.Key === NETWORK_INDEX_KEY && conflicts > 0) {
        conflicts -= 1;
        return Promise.reject(preconditionFailed());
      }
      return realPut(input);
    };
    expect(await publisher().publish()).toBe(true);
    expect(reads).toBe(2);
    expect((await readObject(NETWORK_INDEX_KEY)).body).not.toContain('data-publication-id="ru"');
  });

  it('gives up after three conflicts, and never retries a real error', async () => {
    publications = [publications[1]!];
    onPut = () => Promise.reject(preconditionFailed());
    await expect(publisher().publish()).rejects.toThrow(NetworkDirectoryConflictError);
    expect(reads).toBe(3);
    reads = 0;
    onPut = () => Promise.reject(internalError());
    await expect(publisher().publish()).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(reads).toBe(1);
  });

  it('puts the directory under network/, beside no publication\'s objects', async () => {
    await clients.s3.send(new PutObjectCommand({ Bucket: bucketName, Key: 'pubs/fa/index.html', Body: 'a publication page' }));
    puts.length = 0;
    await publisher().publish();
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.every((key) => key.startsWith('network/'))).toBe(true);
    expect((await readObject('pubs/fa/index.html')).body).toBe('a publication page');
  });
});
