import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { connect } from 'node:net';
import os from 'node:os';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createBucket } from '../../../local/bootstrap.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
afterAll(() => destroyClients(clients));

/** Resolves with the connection outcome; a refused connection is the expected result here. */
function tryConnect(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function nonLoopbackAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('DynamoDB Local', () => {
  const endpoint = new URL(inject('dynamoDbEndpoint'));

  it('listens on 127.0.0.1 and answers', async () => {
    expect(endpoint.hostname).toBe('127.0.0.1');
    const { TableNames } = await clients.dynamoDb.send(new ListTablesCommand({}));
    expect(TableNames).toBeInstanceOf(Array);
  });

  it.skipIf(!nonLoopbackAddress())('refuses connections on other interfaces', async () => {
    expect(await tryConnect(nonLoopbackAddress()!, Number(endpoint.port))).toBe('ECONNREFUSED');
  });
});

describe('S3 emulator', () => {
  it('listens on 127.0.0.1', () => {
    expect(new URL(inject('s3Endpoint')).hostname).toBe('127.0.0.1');
  });

  it('round-trips object metadata', async () => {
    const bucket = uniqueResourceName('emulator-roundtrip');
    await createBucket(clients.s3, bucket);
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'feeds/all/rss.xml',
        Body: '<rss/>',
        ContentType: 'application/rss+xml; charset=utf-8',
        CacheControl: 'max-age=60',
      }),
    );
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'feeds/all/rss.xml' }));
    expect(await object.Body?.transformToString()).toBe('<rss/>');
    expect(object).toMatchObject({ ContentType: 'application/rss+xml; charset=utf-8', CacheControl: 'max-age=60' });
  });

  it('pages truncated listings (needs --openssl-legacy-provider in the emulator process)', async () => {
    const bucket = uniqueResourceName('emulator-paging');
    await createBucket(clients.s3, bucket);
    for (const key of ['a', 'b', 'c']) {
      await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
    const first = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    const second = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 2, ContinuationToken: first.NextContinuationToken }),
    );
    expect([...(first.Contents ?? []), ...(second.Contents ?? [])].map((object) => object.Key)).toEqual(['a', 'b', 'c']);
  });
});
