import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3FeedBucketClient } from '../../../shared/aws/s3-client.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedObjectStore } from '../../../shared/publish/write/feed-object-store.ts';

const s3 = new S3FeedBucketClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const stub = mockClient(s3);

afterEach(() => stub.reset());

describe('FeedObjectStore.listKeys', () => {
  it('lists the keys of every page of a truncated listing, and stops after the last', async () => {
    stub
      .on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'feeds/all/rss.xml' }], IsTruncated: true, NextContinuationToken: 'page-2' })
      .resolvesOnce({ Contents: [{ Key: 'feeds/all/feed.json' }], IsTruncated: false })
      .resolves({ Contents: [{ Key: 'feeds/read-past-the-end' }] });
    expect(await new FeedObjectStore(s3, 'feeds-bucket').listKeys('feeds/')).toEqual(['feeds/all/rss.xml', 'feeds/all/feed.json']);
    expect(stub.commandCalls(ListObjectsV2Command).at(-1)?.args[0].input).toMatchObject({ Bucket: 'feeds-bucket', Prefix: 'feeds/', ContinuationToken: 'page-2' });
  });
});
