import { setTimeout as sleep } from 'node:timers/promises';
import { postIdsOfJsonFeed } from './feed-document-ids.ts';

export class FeedPollTimeoutError extends Error {
  override readonly name = 'FeedPollTimeoutError';
}

export interface FeedPollOptions {
  intervalMs: number;
  /** Deadline as a `performance.now()` time. */
  deadline: number;
}

/**
 * Polls one JSON Feed URL the way a reader would, with conditional GETs, until it lists a post.
 * A 304 or a 404 (not published yet) means "not yet"; any other status is an error.
 */
export class JsonFeedPoller {
  /**
   * 200 answers whose body was not JSON. s3rver writes an object in place, so a GET racing a PUT
   * can read an empty or half-written file, which real S3 never serves; counted so the report
   * shows it, and then read again like any reader would.
   */
  tornReads = 0;
  private etag: string | undefined;

  constructor(private readonly url: URL) {}

  async waitForPost(postId: string, options: FeedPollOptions): Promise<void> {
    for (;;) {
      if (await this.lists(postId)) return;
      if (performance.now() > options.deadline) {
        throw new FeedPollTimeoutError(`${postId} did not appear in ${this.url.href} in time`);
      }
      await sleep(options.intervalMs);
    }
  }

  private async lists(postId: string): Promise<boolean> {
    const response = await fetch(this.url, { headers: this.etag ? { 'if-none-match': this.etag } : {} });
    if (response.status === 304 || response.status === 404) {
      await response.body?.cancel();
      return false;
    }
    if (response.status !== 200) throw new Error(`GET ${this.url.href} answered ${response.status}`);
    const postIds = this.readPostIds(await response.text());
    if (postIds === undefined) return false;
    // Only a whole body's ETag is kept: a torn body's ETag would turn every later poll into a 304.
    this.etag = response.headers.get('etag') ?? undefined;
    return postIds.includes(postId);
  }

  private readPostIds(body: string): string[] | undefined {
    try {
      return postIdsOfJsonFeed(body);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      this.tornReads += 1;
      return undefined;
    }
  }
}
