import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/site-config.ts';
import { buildFeedDocument } from '../feed/build-feed-document.ts';
import { FEED_CONTENT_TYPES, FEED_FORMATS, feedObjectKey, type FeedFormat, type FeedId } from '../feed/feed-id.ts';
import { renderFeedFiles } from '../feed/render-feed.ts';
import type { FeedDocument } from '../feed/feed-document.ts';
import type { FeedIndex } from '../store/feed-index.ts';
import type { EventLog } from '../log/event-log.ts';
import { COUNT_METRICS, NO_METRICS, type PipelineMetrics } from '../observability/pipeline-metrics.ts';
import type { FeedChange, FeedChangeListener } from './feed-change.ts';
import { FeedObjectStore, WriteConflictError, type StoredFeedObject } from './feed-object-store.ts';

export interface FeedPublishResult {
  feedId: FeedId;
  written: FeedFormat[];
  unchanged: FeedFormat[];
  attempts: number;
  itemCount: number;
}

export class FeedPublishConflictError extends Error {
  override readonly name = 'FeedPublishConflictError';
  constructor(
    readonly feedId: FeedId,
    readonly attempts: number,
  ) {
    super(`feed ${feedId} kept changing under us: gave up after ${attempts} attempts`);
  }
}

export interface FeedPublisherOptions {
  feedIndex: FeedIndex;
  objects: FeedObjectStore;
  site: SiteConfig;
  log: EventLog;
  metrics?: PipelineMetrics;
  maxAttempts?: number;
  /** Told about every subscription document whose bytes changed (WebSub pings, the site catalog). */
  listeners?: FeedChangeListener[];
  /** Renders and checks every format; replaceable so tests can inject a broken renderer. */
  renderFiles?: (doc: FeedDocument) => Record<FeedFormat, string>;
}

function sha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Regenerates one feed: read the stored objects, query the newest N, render, and write only the
 * formats whose bytes changed. Unchanged bytes mean no PUT, so ETags stay stable and readers get 304.
 */
export class FeedPublisher {
  private readonly maxAttempts: number;
  private readonly renderFiles: (doc: FeedDocument) => Record<FeedFormat, string>;
  private readonly metrics: PipelineMetrics;

  constructor(private readonly options: FeedPublisherOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.renderFiles = options.renderFiles ?? renderFeedFiles;
    this.metrics = options.metrics ?? NO_METRICS;
  }

  async publish(feedId: FeedId): Promise<FeedPublishResult> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        const { result, document } = await this.publishOnce(feedId, attempt);
        this.reportWrites(result);
        this.tellListeners({ feedId, document, written: result.written });
        return result;
      } catch (error) {
        if (!(error instanceof WriteConflictError)) throw error;
        this.options.log.warn('feed write conflict, regenerating again', { feedId, key: error.key, attempt });
      }
    }
    throw new FeedPublishConflictError(feedId, this.maxAttempts);
  }

  private async publishOnce(feedId: FeedId, attempt: number): Promise<{ result: FeedPublishResult; document: FeedDocument }> {
    const { feedIndex, objects, site } = this.options;
    // Read the stored versions before the query: a PUT conditioned on them fails if anyone
    // published after this point, and then we redo with at least as new data.
    const stored = await this.headAll(feedId);
    const posts = await feedIndex.newest(feedId, site.itemsPerFeed);
    const document = buildFeedDocument(feedId, posts, site);
    const files = this.render(document);
    const result: FeedPublishResult = { feedId, written: [], unchanged: [], attempts: attempt, itemCount: posts.length };
    const writes = await Promise.allSettled(
      FEED_FORMATS.map((format) => this.writeIfChanged(feedId, format, files[format], stored[format])),
    );
    throwFirstFailure(writes);
    writes.forEach((write, index) => {
      const format = FEED_FORMATS[index] as FeedFormat;
      (write.status === 'fulfilled' && write.value ? result.written : result.unchanged).push(format);
    });
    return { result, document };
  }

  private tellListeners(change: FeedChange): void {
    if (change.written.length === 0) return;
    for (const listener of this.options.listeners ?? []) {
      try {
        listener.feedChanged(change);
      } catch (error) {
        this.options.log.error('feed change listener failed; feed is published', {
          feedId: change.feedId,
          error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
      }
    }
  }

  private render(doc: FeedDocument): Record<FeedFormat, string> {
    try {
      return this.renderFiles(doc);
    } catch (error) {
      this.metrics.count(COUNT_METRICS.renderFailures);
      throw error;
    }
  }

  private reportWrites(result: FeedPublishResult): void {
    if (result.written.length > 0) this.metrics.count(COUNT_METRICS.feedsRegenerated);
    this.metrics.count(COUNT_METRICS.feedFilesWritten, result.written.length);
    this.metrics.count(COUNT_METRICS.putsSkippedUnchanged, result.unchanged.length);
  }

  private async headAll(feedId: FeedId): Promise<Record<FeedFormat, StoredFeedObject | undefined>> {
    const { objects } = this.options;
    const [rss, atom, json] = await Promise.all(FEED_FORMATS.map((format) => objects.head(feedObjectKey(feedId, format))));
    return { rss, atom, json };
  }

  private async writeIfChanged(
    feedId: FeedId,
    format: FeedFormat,
    body: string,
    stored: StoredFeedObject | undefined,
  ): Promise<boolean> {
    const hash = sha256(body);
    if (stored?.sha256 === hash) return false;
    await this.options.objects.put({
      key: feedObjectKey(feedId, format),
      body,
      sha256: hash,
      contentType: FEED_CONTENT_TYPES[format],
      cacheControl: this.options.site.cacheControl,
      replaces: stored,
    });
    return true;
  }
}

/**
 * The three formats are written in parallel; a real error outranks a conflict, so a failing
 * bucket is reported as such rather than retried as if someone else had written.
 */
function throwFirstFailure(writes: PromiseSettledResult<boolean>[]): void {
  const failures = writes.flatMap((write) => (write.status === 'rejected' ? [write.reason as unknown] : []));
  const error = failures.find((failure) => !(failure instanceof WriteConflictError)) ?? failures[0];
  if (error !== undefined) throw error;
}
