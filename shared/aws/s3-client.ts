import { HeadObjectCommand, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { bucketStatusOf, type BucketObjectHead, type BucketObjectPut, type FeedBucket } from '../publish/write/feed-bucket.ts';
import type { AwsClientOptions } from './aws-clients.ts';

/**
 * The SDK's S3 client, serving the publish path's `FeedBucket` port too: offline tools, the CLI
 * and tests use it (and inject faults into it with aws-sdk-client-mock, since every operation
 * goes through `send`). The stream function uses `HttpFeedBucket` instead.
 */
export class S3FeedBucketClient extends S3Client implements FeedBucket {
  async headObject(bucket: string, key: string): Promise<BucketObjectHead | undefined> {
    try {
      const result = await this.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { etag: result.ETag ?? '', metadata: result.Metadata ?? {} };
    } catch (error) {
      if (bucketStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async putObject(put: BucketObjectPut): Promise<{ etag?: string }> {
    const result = await this.send(
      new PutObjectCommand({
        Bucket: put.bucket,
        Key: put.key,
        Body: put.body,
        ContentType: put.contentType,
        CacheControl: put.cacheControl,
        Metadata: put.metadata,
        ...(put.ifMatch === undefined ? {} : { IfMatch: put.ifMatch }),
        ...(put.ifNoneMatch === undefined ? {} : { IfNoneMatch: put.ifNoneMatch }),
      }),
    );
    return result.ETag === undefined ? {} : { etag: result.ETag };
  }

  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: this }, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    }
    return keys;
  }
}

/**
 * The bucket's client, apart from the table's so functions that never write a feed (the poller,
 * its workers, the WebSub callback) do not bundle S3's hundred-odd KiB.
 */
export function createS3Client(options: Pick<AwsClientOptions, 'region' | 's3Endpoint' | 's3ForcePathStyle' | 'credentials'>): S3FeedBucketClient {
  return new S3FeedBucketClient({
    region: options.region,
    endpoint: options.s3Endpoint,
    forcePathStyle: options.s3ForcePathStyle ?? false,
    credentials: options.credentials,
    // Default flexible checksums send aws-chunked bodies that S3 emulators store verbatim;
    // real S3 accepts either, so ask for checksums only where an API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
