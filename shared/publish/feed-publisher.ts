import type { SiteConfig } from '../config/site-config.ts';
import { buildCurrentDocument } from '../feed/build-feed-document.ts';
import { FEED_FORMATS, feedObjectKey, showIdOfFeed, type FeedFormat, type FeedId } from '../feed/feed-id.ts';
import { withPodcastShow } from '../podcast/podcast-document.ts';
import type { PodcastShowLookup } from '../store/podcast-show-store.ts';
import { renderFeedFiles } from '../feed/render-feed.ts';
import type { FeedDocument } from '../feed/feed-document.ts';
import type { ArchiveDirectory } from '../store/archive-directory.ts';
import type { FeedMembershipStore } from '../store/feed-membership-store.ts';
import type { EventLog } from '../log/event-log.ts';
import { COUNT_METRICS, NO_METRICS, type PipelineMetrics } from '../observability/pipeline-metrics.ts';
import { ArchivePublisher, WHOLE_HISTORY, type ArchivePublishResult, type ArchiveScope } from './archive/archive-publisher.ts';
import type { FeedChange, FeedChangeListener } from '../feed/feed-change.ts';
import { FeedDocumentWriter } from './write/feed-document-writer.ts';
import type { FeedObjectStore } from './write/feed-object-store.ts';
import { errorFields } from '../errors/error-description.ts';

export { FeedPublishConflictError } from './write/feed-document-writer.ts';

export interface FeedPublishResult {
  feedId: FeedId;
  written: FeedFormat[];
  unchanged: FeedFormat[];
  attempts: number;
  itemCount: number;
  /** The RFC 5005 archive pages this regeneration closed, wrote, or found unchanged. */
  archive: ArchivePublishResult;
}

export interface PublishOptions {
  /**
   * Tell listeners even when no byte changed (with `written` empty): a rebuild uses it to refill
   * the site catalog, which only ever hears of changes, after a restore or a first deploy.
   */
  announceUnchanged?: boolean;
}

export interface FeedPublisherOptions {
  memberships: FeedMembershipStore;
  archive: ArchiveDirectory;
  objects: FeedObjectStore;
  site: SiteConfig;
  log: EventLog;
  metrics?: PipelineMetrics;
  maxAttempts?: number;
  /** Told about every subscription document whose bytes changed (WebSub pings, the site catalog). */
  listeners?: FeedChangeListener[];
  /** Renders and checks every format; replaceable so tests can inject a broken renderer. */
  renderFiles?: (doc: FeedDocument) => Record<FeedFormat, string>;
  /** Where an emptied feed finds the title it was last published under; without it, its slug. */
  lastTitles?: LastPublishedTitles;
  /** The shows of the publication being rendered: a show's feed becomes its podcast feed. */
  podcastShows?: PodcastShowLookup;
}

/** The site catalog, as far as the publisher reads it. */
export interface LastPublishedTitles {
  titleOf(feedId: FeedId): Promise<string | undefined>;
}

/**
 * Regenerates one feed: its due and touched archive pages first, then the subscription document
 * (the newest N, linking to the newest archive page). Each document is written only in the
 * formats whose bytes changed, so ETags stay stable and readers get 304.
 */
export class FeedPublisher {
  private readonly metrics: PipelineMetrics;
  private readonly writer: FeedDocumentWriter;
  private readonly archivePages: ArchivePublisher;

  constructor(private readonly options: FeedPublisherOptions) {
    this.metrics = options.metrics ?? NO_METRICS;
    this.writer = new FeedDocumentWriter({
      objects: options.objects,
      log: options.log,
      metrics: this.metrics,
      maxAttempts: options.maxAttempts ?? 5,
      renderFiles: options.renderFiles ?? renderFeedFiles,
    });
    this.archivePages = new ArchivePublisher({ memberships: options.memberships, directory: options.archive, writer: this.writer, site: options.site });
  }

  /**
   * `scope` names the membership keys that changed, so only the archive pages holding them are
   * rendered; without it every page is checked (unchanged bytes are still never PUT).
   */
  async publish(feedId: FeedId, scope: ArchiveScope = WHOLE_HISTORY, options: PublishOptions = {}): Promise<FeedPublishResult> {
    const archive = await this.archivePages.publish(feedId, scope);
    this.reportArchive(feedId, archive);
    const { memberships, site } = this.options;
    const { result, loaded } = await this.writer.write(
      { feedId, keys: currentDocumentKeys(feedId), cacheControl: site.cacheControl },
      async () => {
        // Read after the HEADs: a page closed by another regeneration meanwhile is linked too.
        const [{ pageCount }, posts] = await Promise.all([this.options.archive.meta(feedId), memberships.newest(feedId, site.itemsPerFeed)]);
        const lastTitle = posts.length === 0 ? await this.options.lastTitles?.titleOf(feedId) : undefined;
        const document = buildCurrentDocument(feedId, posts, pageCount, site, lastTitle);
        return { document: await this.withShowSettings(feedId, document), itemCount: posts.length };
      },
    );
    const published: FeedPublishResult = { feedId, ...result, itemCount: loaded.itemCount, archive };
    this.reportWrites(published);
    if (result.written.length > 0 || options.announceUnchanged === true) {
      this.tellListeners({ feedId, document: loaded.document, written: result.written });
    }
    return published;
  }

  /** A show's feed with its settings; without them (not yet added, or removed), a plain feed of its episodes. */
  private async withShowSettings(feedId: FeedId, document: FeedDocument): Promise<FeedDocument> {
    const showId = showIdOfFeed(feedId);
    if (showId === undefined || this.options.podcastShows === undefined) return document;
    const show = await this.options.podcastShows.showOf(showId);
    if (show !== undefined) return withPodcastShow(document, show);
    this.options.log.warn('show feed has no show settings; published without podcast tags', { feedId, showId });
    return document;
  }

  private tellListeners(change: FeedChange): void {
    for (const listener of this.options.listeners ?? []) {
      try {
        listener.feedChanged(change);
      } catch (error) {
        this.options.log.error('feed change listener failed; feed is published', {
          feedId: change.feedId,
          error: errorFields(error),
        });
      }
    }
  }

  private reportWrites(result: FeedPublishResult): void {
    if (result.written.length > 0) this.metrics.count(COUNT_METRICS.feedsRegenerated);
    this.metrics.count(COUNT_METRICS.feedFilesWritten, result.written.length);
    this.metrics.count(COUNT_METRICS.putsSkippedUnchanged, result.unchanged.length);
  }

  private reportArchive(feedId: FeedId, archive: ArchivePublishResult): void {
    if (archive.written.length + archive.unchanged.length === 0) return;
    this.metrics.count(COUNT_METRICS.archivePagesWritten, archive.written.length);
    this.metrics.count(COUNT_METRICS.archivePagesUnchanged, archive.unchanged.length);
    this.options.log.info('archive pages published', {
      feedId,
      pageCount: archive.pageCount,
      closed: archive.closed,
      written: archive.written,
      unchangedCount: archive.unchanged.length,
    });
  }
}

function currentDocumentKeys(feedId: FeedId): Record<FeedFormat, string> {
  const keys = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) keys[format] = feedObjectKey(feedId, format);
  return keys;
}
