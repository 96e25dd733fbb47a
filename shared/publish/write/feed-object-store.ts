import { createHash } from 'node:crypto';
import { bucketStatusOf, type FeedBucket } from './feed-bucket.ts';
import { RememberedVersions } from './remembered-versions.ts';

/** What we know of a stored feed file before replacing it. */
export interface StoredFeedObject {
  etag: string;
  /** SHA-256 of the body, stored as object metadata when we wrote it. */
  sha256?: string;
  /** Known from this process's last write or read of the key, not from a HEAD just now. */
  remembered?: boolean;
}

export interface FeedObjectWrite {
  key: string;
  body: string;
  sha256: string;
  contentType: string;
  cacheControl: string;
  /** The object we read before rendering; absent means the key must still be absent. */
  replaces?: StoredFeedObject;
}

/** Someone wrote (or deleted) the object after we read it (HTTP 412 or 409, or 404 on IfMatch): read again and redo. */
export class WriteConflictError extends Error {
  override readonly name = 'WriteConflictError';
  constructor(readonly key: string) {
    super(`feed object ${key} changed since it was read`);
  }
}

const SHA256_METADATA = 'content-sha256';

/**
 * Feed files in the bucket, written only with S3 conditional writes. Keys are relative to a
 * publication's folder (`keyPrefix`: '' for the default publication, `pubs/<id>/` for another),
 * so the publish path names `feeds/all/rss.xml` whichever publication it writes, and a document's
 * URL is its publication's base URL followed by that same relative key.
 */
export class FeedObjectStore {
  /** Lives as long as the store: in Lambda, the execution environment, so a burst's batches share it. */
  private readonly versions = new RememberedVersions();

  constructor(
    private readonly bucket: FeedBucket,
    private readonly bucketName: string,
    readonly keyPrefix = '',
  ) {}

  async head(key: string): Promise<StoredFeedObject | undefined> {
    const head = await this.bucket.headObject(this.bucketName, this.bucketKey(key));
    if (!head) {
      this.versions.forget(key);
      return undefined;
    }
    const stored = { etag: head.etag, sha256: head.metadata[SHA256_METADATA] };
    this.versions.remember(key, stored);
    return stored;
  }

  /**
   * The version to condition a replacing PUT on: the one this process last wrote or read, else a
   * HEAD. A regeneration of a feed this process published before costs no HEAD.
   */
  async lastKnown(key: string): Promise<StoredFeedObject | undefined> {
    const remembered = this.versions.recall(key);
    if (remembered) return { ...remembered, remembered: true };
    return this.head(key);
  }

  /** Every key under a prefix, relative like the others. */
  async listKeys(prefix: string): Promise<string[]> {
    const keys = await this.bucket.listKeys(this.bucketName, this.bucketKey(prefix));
    return keys.map((key) => key.slice(this.keyPrefix.length));
  }

  /**
   * Writes only when the body's SHA-256 differs from the stored object's, so unchanged bytes keep
   * their ETag (readers get 304) and cost no PUT. Returns whether it wrote.
   */
  async putIfChanged(write: Omit<FeedObjectWrite, 'sha256'>): Promise<boolean> {
    const sha256 = createHash('sha256').update(write.body, 'utf8').digest('hex');
    if (write.replaces?.sha256 !== sha256) {
      await this.put({ ...write, sha256 });
      return true;
    }
    if (write.replaces.remembered === true) await this.confirmStillStored(write.key, write.replaces);
    return false;
  }

  /**
   * Skipping a PUT because the bytes match what we remember is only right if nobody wrote since:
   * their document may be older than our render. A HEAD tells; if it differs, redo from a fresh read.
   */
  private async confirmStillStored(key: string, remembered: StoredFeedObject): Promise<void> {
    const stored = await this.head(key);
    if (stored?.etag !== remembered.etag) {
      this.versions.forget(key);
      throw new WriteConflictError(key);
    }
  }

  /**
   * `IfMatch` on the ETag read before the query (or `IfNoneMatch: *` for a new key) means an
   * older render from another shard can never overwrite a newer one.
   */
  private async put(write: FeedObjectWrite): Promise<void> {
    try {
      const result = await this.bucket.putObject({
        bucket: this.bucketName,
        key: this.bucketKey(write.key),
        body: write.body,
        contentType: write.contentType,
        cacheControl: write.cacheControl,
        metadata: { [SHA256_METADATA]: write.sha256 },
        ...(write.replaces ? { ifMatch: write.replaces.etag } : { ifNoneMatch: '*' }),
      });
      if (result.etag) this.versions.remember(write.key, { etag: result.etag, sha256: write.sha256 });
      else this.versions.forget(write.key);
    } catch (error) {
      // Whatever we knew of the key is stale or unknown now: the next attempt reads it afresh.
      this.versions.forget(write.key);
      const status = bucketStatusOf(error);
      if (status === 412 || status === 409) throw new WriteConflictError(this.bucketKey(write.key));
      // S3 answers an IfMatch on a key that is gone with 404: someone deleted it since we knew it.
      if (status === 404 && write.replaces) throw new WriteConflictError(this.bucketKey(write.key));
      throw error;
    }
  }

  private bucketKey(key: string): string {
    return `${this.keyPrefix}${key}`;
  }
}

/**
 * Objects written in parallel: a real error outranks a conflict, so a failing bucket is reported
 * as such rather than retried as if someone else had written.
 */
export function throwFirstWriteFailure(writes: readonly PromiseSettledResult<unknown>[]): void {
  const failures = writes.flatMap((write) => (write.status === 'rejected' ? [write.reason as unknown] : []));
  const error = failures.find((failure) => !(failure instanceof WriteConflictError)) ?? failures[0];
  if (error !== undefined) throw error;
}
