/**
 * The three object operations the publish path makes, as a port: the SDK's S3 client serves
 * them offline, in the CLI and in tests (`S3FeedBucketClient`), and a signed HTTP client
 * (`HttpFeedBucket`) in the stream function, whose bundle the SDK's S3 client would double.
 *
 * Failures carry the HTTP status as the SDK's errors do, in `$metadata.httpStatusCode`.
 */
export interface FeedBucket {
  /** The object's ETag and user metadata; undefined when the key does not exist (404). */
  headObject(bucket: string, key: string): Promise<BucketObjectHead | undefined>;
  putObject(put: BucketObjectPut): Promise<{ etag?: string }>;
  /** Every key under a prefix, all pages followed. */
  listKeys(bucket: string, prefix: string): Promise<string[]>;
}

export interface BucketObjectHead {
  etag: string;
  metadata: Record<string, string>;
}

export interface BucketObjectPut {
  bucket: string;
  key: string;
  body: string;
  contentType: string;
  cacheControl: string;
  metadata: Record<string, string>;
  /** Write only over this ETag (S3 answers 412 otherwise). */
  ifMatch?: string;
  /** `*`: write only if the key is absent. */
  ifNoneMatch?: '*';
}

/** The HTTP status of a failed bucket call, where both adapters put it. */
export function bucketStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
