import type { FeedDocument } from '../../feed/feed-document.ts';
import { FEED_CONTENT_TYPES, FEED_FORMATS, type FeedFormat, type FeedId } from '../../feed/feed-id.ts';
import type { EventLog } from '../../log/event-log.ts';
import { COUNT_METRICS, type PipelineMetrics } from '../../observability/pipeline-metrics.ts';
import { throwFirstWriteFailure, type FeedObjectStore, type StoredFeedObject } from './feed-object-store.ts';
import { retryOnWriteConflict } from './write-conflict-retry.ts';

export class FeedPublishConflictError extends Error {
  override readonly name = 'FeedPublishConflictError';
  constructor(
    readonly feedId: FeedId,
    readonly attempts: number,
    readonly keys?: Record<FeedFormat, string>,
  ) {
    super(`feed ${feedId} kept changing under us: gave up after ${attempts} attempts`);
  }
}

/** Where one document goes: a key per format and the Cache-Control it is served with. */
export interface DocumentTarget {
  feedId: FeedId;
  keys: Record<FeedFormat, string>;
  cacheControl: string;
  /**
   * The keys were allocated just now (an archive page this regeneration closed), so nothing can be
   * stored there yet: the first attempt conditions on absence without reading. If something is
   * there after all, the PUT fails with 412 and the next attempt reads.
   */
  newlyAllocated?: boolean;
}

const NOTHING_STORED: Record<FeedFormat, StoredFeedObject | undefined> = { rss: undefined, atom: undefined, json: undefined };

export interface DocumentWriteResult {
  written: FeedFormat[];
  unchanged: FeedFormat[];
  attempts: number;
}

export interface FeedDocumentWriterOptions {
  objects: FeedObjectStore;
  log: EventLog;
  metrics: PipelineMetrics;
  maxAttempts: number;
  renderFiles: (doc: FeedDocument) => Record<FeedFormat, string>;
}

/**
 * Writes one feed document (a subscription document or an archive page) in every format: read the
 * stored versions, then load (query) and render, and PUT only the formats whose bytes changed,
 * conditioned on what was read. A conflict means someone wrote after our read: load again and redo.
 */
export class FeedDocumentWriter {
  constructor(private readonly options: FeedDocumentWriterOptions) {}

  async write<T extends { document: FeedDocument }>(
    target: DocumentTarget,
    load: () => Promise<T>,
  ): Promise<{ result: DocumentWriteResult; loaded: T }> {
    return retryOnWriteConflict({
      attempts: this.options.maxAttempts,
      attempt: (attempt) => this.writeOnce(target, load, attempt),
      onConflict: (conflict, attempt) => this.options.log.warn('feed write conflict, regenerating again', { feedId: target.feedId, key: conflict.key, attempt }),
      giveUp: () => new FeedPublishConflictError(target.feedId, this.options.maxAttempts, target.keys),
    });
  }

  private async writeOnce<T extends { document: FeedDocument }>(
    target: DocumentTarget,
    load: () => Promise<T>,
    attempt: number,
  ): Promise<{ result: DocumentWriteResult; loaded: T }> {
    // Know the stored versions before the query: a PUT conditioned on them fails if anyone
    // published after this point, and then we redo with at least as new data. A version this
    // process remembers from an earlier write is as good as a HEAD: it is older, never newer.
    const stored = attempt === 1 && target.newlyAllocated === true ? NOTHING_STORED : await this.lastKnownVersions(target);
    const loaded = await load();
    const files = this.render(loaded.document);
    const writes = await Promise.allSettled(
      FEED_FORMATS.map((format) => this.writeIfChanged(target, format, files[format], stored[format])),
    );
    throwFirstWriteFailure(writes);
    const result: DocumentWriteResult = { written: [], unchanged: [], attempts: attempt };
    writes.forEach((write, index) => {
      const format = FEED_FORMATS[index] as FeedFormat;
      (write.status === 'fulfilled' && write.value ? result.written : result.unchanged).push(format);
    });
    return { result, loaded };
  }

  private render(doc: FeedDocument): Record<FeedFormat, string> {
    try {
      return this.options.renderFiles(doc);
    } catch (error) {
      this.options.metrics.count(COUNT_METRICS.renderFailures);
      throw error;
    }
  }

  private async lastKnownVersions(target: DocumentTarget): Promise<Record<FeedFormat, StoredFeedObject | undefined>> {
    const { objects } = this.options;
    const [rss, atom, json] = await Promise.all(FEED_FORMATS.map((format) => objects.lastKnown(target.keys[format])));
    return { rss, atom, json };
  }

  private writeIfChanged(
    target: DocumentTarget,
    format: FeedFormat,
    body: string,
    stored: StoredFeedObject | undefined,
  ): Promise<boolean> {
    return this.options.objects.putIfChanged({
      key: target.keys[format],
      body,
      contentType: FEED_CONTENT_TYPES[format],
      cacheControl: target.cacheControl,
      replaces: stored,
    });
  }
}
