import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { ListedObject } from '../../shared/site/feed-listing.ts';

/** The headers CloudFront passes on from the S3 object. */
export interface ObjectHead {
  contentType?: string;
  contentLength?: number;
  contentEncoding?: string;
  cacheControl?: string;
  etag?: string;
  lastModified?: Date;
}

export interface ObjectWithBody extends ObjectHead {
  body: Readable;
}

/** The S3 reads the feed server makes; a missing object is `undefined`, other failures throw. */
export class BucketObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly bucketName: string,
  ) {}

  async head(key: string): Promise<ObjectHead | undefined> {
    const result = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucketName, Key: key })).catch(missingAsUndefined);
    return result && headOf(result);
  }

  async get(key: string): Promise<ObjectWithBody | undefined> {
    const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key })).catch(missingAsUndefined);
    if (!result) return undefined;
    if (!(result.Body instanceof Readable)) throw new TypeError(`S3 body of ${key} is not a Node stream`);
    return { ...headOf(result), body: result.Body };
  }

  /** Every object under a prefix; the SDK's paginator follows the continuation tokens. */
  async list(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucketName, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        if (object.Key) objects.push({ key: object.Key, lastModified: object.LastModified });
      }
    }
    return objects;
  }
}

function headOf(result: {
  ContentType?: string;
  ContentLength?: number;
  ContentEncoding?: string;
  CacheControl?: string;
  ETag?: string;
  LastModified?: Date;
}): ObjectHead {
  return {
    contentType: result.ContentType,
    contentLength: result.ContentLength,
    contentEncoding: result.ContentEncoding,
    cacheControl: result.CacheControl,
    etag: result.ETag,
    lastModified: result.LastModified,
  };
}

/** GetObject reports a missing key as NoSuchKey, HeadObject (no body) as a bare 404 NotFound. */
function missingAsUndefined(error: unknown): undefined {
  if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
  throw error;
}
