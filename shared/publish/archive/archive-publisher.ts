import { mapWithConcurrency } from '../../concurrency/map-with-concurrency.ts';
import type { SiteConfig } from '../../config/site-config.ts';
import { buildArchivePageDocument } from '../../feed/build-feed-document.ts';
import { FEED_FORMATS, archiveObjectKey, type FeedFormat, type FeedId } from '../../feed/feed-id.ts';
import type { ArchiveDirectory, ArchiveMeta, ArchivePage } from '../../store/archive-directory.ts';
import type { FeedMembershipStore } from '../../store/feed-membership-store.ts';
import { archivedKeys, pageEnds, pagesHolding, pagesToRender } from '../plan/archive-plan.ts';
import type { FeedDocumentWriter } from '../write/feed-document-writer.ts';

/**
 * Which archive pages a regeneration must look at: the pages holding the membership keys a batch
 * changed (the stream path), or every page (rebuilds, and callers that cannot say what changed).
 */
export type ArchiveScope = { kind: 'changes'; sortKeys: readonly string[] } | { kind: 'history' };

export const WHOLE_HISTORY: ArchiveScope = { kind: 'history' };

const PAGE_LOOKUPS_BEFORE_DIRECTORY_READ = 4;

/** Pages appended by one transaction (DynamoDB allows 100 items; the meta update is one). */
const PAGES_CLOSED_AT_ONCE = 20;

export interface ArchivePublishResult {
  /** Closed pages after this regeneration: the subscription document links to the last one. */
  pageCount: number;
  /** Pages closed by this regeneration. */
  closed: number[];
  /** Pages with at least one format written, and pages whose bytes were all unchanged. */
  written: number[];
  unchanged: number[];
}

export interface ArchivePublisherOptions {
  memberships: FeedMembershipStore;
  directory: ArchiveDirectory;
  writer: FeedDocumentWriter;
  site: SiteConfig;
  /** Pages rendered at once; each is a query plus up to three PUTs. */
  concurrency?: number;
}

/**
 * Keeps a feed's RFC 5005 archive pages: closes the pages that are due (the tail grew past a
 * page), then renders the pages a change touched, the new pages, and the page before them (its
 * `next-archive` link appears). Pages are written before the subscription document links to them.
 */
export class ArchivePublisher {
  private readonly concurrency: number;

  constructor(private readonly options: ArchivePublisherOptions) {
    this.concurrency = options.concurrency ?? 4;
  }

  async publish(feedId: FeedId, scope: ArchiveScope): Promise<ArchivePublishResult> {
    const { meta, closed } = await this.closeDuePages(feedId);
    const pages = await this.pagesFor(feedId, scope, meta, closed);
    const closedNow = new Set(closed.map((page) => page.pageNumber));
    const settled = await mapWithConcurrency(pages, this.concurrency, (page) => this.writePage(feedId, page, closedNow.has(page.pageNumber)));
    const result: ArchivePublishResult = { pageCount: meta.pageCount, closed: closed.map((page) => page.pageNumber), written: [], unchanged: [] };
    settled.forEach((outcome, index) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      const pageNumber = (pages[index] as ArchivePage).pageNumber;
      (outcome.value ? result.written : result.unchanged).push(pageNumber);
    });
    return result;
  }

  /**
   * While the tail holds more than a page, closes its oldest pages (up to a transaction's worth at
   * once: a first regeneration on a long history closes them all). Each close is conditional on
   * the meta we read; when another regeneration moved the tail first, read again and go on from there.
   */
  private async closeDuePages(feedId: FeedId): Promise<{ meta: ArchiveMeta; closed: ArchivePage[] }> {
    const { directory, memberships, site } = this.options;
    const closed: ArchivePage[] = [];
    let meta = await directory.meta(feedId);
    for (;;) {
      const tail = await memberships.sortKeysFrom(feedId, meta.tailStart, PAGES_CLOSED_AT_ONCE * site.itemsPerFeed + 1);
      const ends = pageEnds(tail, site.itemsPerFeed);
      if (ends.length === 0) return { meta, closed };
      const pages = ends.map((endSk, index) => ({ pageNumber: meta.pageCount + index + 1, startSk: index === 0 ? meta.tailStart : (ends[index - 1] as string), endSk }));
      const next = await directory.closePages(feedId, meta, pages);
      if (next) closed.push(...pages);
      meta = next ?? (await directory.meta(feedId));
    }
  }

  private async pagesFor(feedId: FeedId, scope: ArchiveScope, meta: ArchiveMeta, closed: ArchivePage[]): Promise<ArchivePage[]> {
    const { directory } = this.options;
    if (scope.kind === 'history') return directory.pages(feedId);
    const first = closed[0];
    // Keys in pages closed just now need no lookup: those pages are rendered anyway.
    const holding = await this.pagesHoldingKeys(feedId, archivedKeys(scope.sortKeys, first?.startSk ?? meta.tailStart));
    const before = first && first.pageNumber > 1 ? await directory.pageBefore(feedId, first.startSk) : undefined;
    const known = new Map<number, ArchivePage>();
    for (const page of [...holding, before, ...closed]) if (page) known.set(page.pageNumber, page);
    const wanted = pagesToRender({ touched: holding.flatMap((page) => (page ? [page.pageNumber] : [])), closed: closed.map((page) => page.pageNumber) });
    return wanted.flatMap((pageNumber) => known.get(pageNumber) ?? []);
  }

  /**
   * A batch usually changes a key or two of a feed's archive: one Query each. A backlog (a partner's
   * old items, a bulk edit) may change hundreds: then one read of the whole directory is cheaper.
   */
  private async pagesHoldingKeys(feedId: FeedId, keys: string[]): Promise<(ArchivePage | undefined)[]> {
    const { directory } = this.options;
    if (keys.length > PAGE_LOOKUPS_BEFORE_DIRECTORY_READ) return pagesHolding(keys, await directory.pages(feedId));
    return Promise.all(keys.map((key) => directory.pageHolding(feedId, key)));
  }

  /** True when any format's bytes changed. A page closed just now has no objects yet: no HEAD for it. */
  private async writePage(feedId: FeedId, page: ArchivePage, closedNow: boolean): Promise<boolean> {
    const { directory, memberships, site, writer } = this.options;
    const target = { feedId, keys: archiveKeys(feedId, page.pageNumber), cacheControl: site.archiveCacheControl, newlyAllocated: closedNow };
    const { result } = await writer.write(target, async () => {
      // Read after the HEADs, like the members: a page closed meanwhile shows as `next-archive`.
      const [{ pageCount }, posts] = await Promise.all([directory.meta(feedId), memberships.between(feedId, page.startSk, page.endSk)]);
      return { document: buildArchivePageDocument(feedId, { pageNumber: page.pageNumber, pageCount }, posts, site) };
    });
    return result.written.length > 0;
  }
}

function archiveKeys(feedId: FeedId, pageNumber: number): Record<FeedFormat, string> {
  const keys = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) keys[format] = archiveObjectKey(feedId, pageNumber, format);
  return keys;
}
