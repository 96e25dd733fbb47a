import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BucketObjects } from '../../../local/feed-server/bucket-objects.ts';

const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const stub = mockClient(s3);

afterEach(() => stub.reset());

describe('BucketObjects.list', () => {
  it('lists the objects of every page of a truncated listing, and stops after the last', async () => {
    const [first, second] = [new Date('2026-11-20T09:00:00Z'), new Date('2026-11-21T09:00:00Z')];
    stub
      .on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'feeds/all/rss.xml', LastModified: first }], IsTruncated: true, NextContinuationToken: 'page-2' })
      .resolvesOnce({ Contents: [{ Key: 'feeds/all/feed.json', LastModified: second }], IsTruncated: false })
      .resolves({ Contents: [{ Key: 'feeds/read-past-the-end' }] });
    expect(await new BucketObjects(s3, 'feeds-bucket').list('feeds/')).toEqual([
      { key: 'feeds/all/rss.xml', lastModified: first },
      { key: 'feeds/all/feed.json', lastModified: second },
    ]);
    expect(stub.commandCalls(ListObjectsV2Command).at(-1)?.args[0].input).toMatchObject({ Prefix: 'feeds/', ContinuationToken: 'page-2' });
  });
});
