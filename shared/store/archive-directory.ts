import { transactionCancellationOf, type DocumentTable } from './document-table.ts';
import type { FeedId } from '../feed/feed-id.ts';
import { queryItems } from './paged-items.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';
import { ARCHIVE_META_SK, ARCHIVE_PAGE_SK_PREFIX, TABLE_KEYS, archivePageSortKey, archivePartitionKey } from './table-design.ts';

/**
 * Where a feed's closed history ends: membership keys below `tailStart` belong to closed pages,
 * keys from it on to the tail (which the subscription document holds in full).
 */
export interface ArchiveMeta {
  /** '' (the start of the keyspace) until the first page closes. */
  tailStart: string;
  pageCount: number;
}

/** A closed, append-only slice `[startSk, endSk)` of a feed's membership keyspace. */
export interface ArchivePage {
  pageNumber: number;
  startSk: string;
  endSk: string;
}

export const EMPTY_ARCHIVE: ArchiveMeta = { tailStart: '', pageCount: 0 };

/**
 * The RFC 5005 archive directory of each feed: a meta item and one item per closed page, in the
 * feed's own `<prefix>ARCHIVE#<feedId>` partition (one directory per publication's feed). Pages are only ever appended, by a transaction that
 * also moves `tailStart`, so page numbers follow key order and ranges never overlap.
 */
export class ArchiveDirectory {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
    readonly publicationId: PublicationId = DEFAULT_PUBLICATION_ID,
  ) {}

  async meta(feedId: FeedId): Promise<ArchiveMeta> {
    const result = await this.documents.get({ TableName: this.tableName, Key: this.metaKey(feedId), ConsistentRead: true });
    const item = result.Item;
    if (!item) return EMPTY_ARCHIVE;
    return { tailStart: String(item.tailStart), pageCount: Number(item.pageCount) };
  }

  /** The closed page whose range holds a membership key below `tailStart`. */
  async pageHolding(feedId: FeedId, sortKey: string): Promise<ArchivePage | undefined> {
    const [page] = await this.pagesDescending(feedId, sortKey, 1);
    return page;
  }

  /** The closed page that ends where `startSk` begins: the one before a page starting there. */
  async pageBefore(feedId: FeedId, startSk: string): Promise<ArchivePage | undefined> {
    const pages = await this.pagesDescending(feedId, startSk, 2);
    return pages.find((page) => page.startSk < startSk);
  }

  /** Every closed page, in key order (which is page-number order). */
  async pages(feedId: FeedId): Promise<ArchivePage[]> {
    const pages: ArchivePage[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :pages)',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: { ':pk': archivePartitionKey(this.publicationId, feedId), ':pages': ARCHIVE_PAGE_SK_PREFIX },
      ConsistentRead: true,
    });
    for await (const item of items) pages.push(pageOf(item));
    return pages;
  }

  /**
   * Closes `pages` (consecutive, the first starting at `read.tailStart`) and moves the tail past
   * the last, only if the meta is still `read`: two regenerations of the same feed can never append
   * overlapping pages. Returns the new meta, or undefined when someone else moved the tail first
   * (read again and redo).
   */
  async closePages(feedId: FeedId, read: ArchiveMeta, pages: readonly ArchivePage[]): Promise<ArchiveMeta | undefined> {
    const last = pages.at(-1);
    if (last === undefined) return read;
    const next: ArchiveMeta = { tailStart: last.endSk, pageCount: last.pageNumber };
    try {
      await this.documents.transactWrite({
        TransactItems: [
          { Put: this.metaPut(feedId, read, next) },
          ...pages.map((page) => ({
            Put: {
              TableName: this.tableName,
              Item: { ...this.pageKey(feedId, page.startSk), ...page },
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
            },
          })),
        ],
      });
      return next;
    } catch (error) {
      if (transactionCancellationOf(error)) return undefined;
      throw error;
    }
  }

  /**
   * The meta is replaced whole (two attributes), with a Put rather than an Update: the stream
   * function's role already has PutItem, and TransactWriteItems is authorised per item action.
   */
  private metaPut(feedId: FeedId, read: ArchiveMeta, next: ArchiveMeta) {
    const first = read.pageCount === 0;
    return {
      TableName: this.tableName,
      Item: { ...this.metaKey(feedId), ...next },
      ConditionExpression: first ? 'attribute_not_exists(#pk)' : 'tailStart = :read AND pageCount = :readCount',
      ...(first
        ? { ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey } }
        : { ExpressionAttributeValues: { ':read': read.tailStart, ':readCount': read.pageCount } }),
    };
  }

  private async pagesDescending(feedId: FeedId, upToStartSk: string, limit: number): Promise<ArchivePage[]> {
    const result = await this.documents.query({
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :upTo',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: {
        ':pk': archivePartitionKey(this.publicationId, feedId),
        ':first': ARCHIVE_PAGE_SK_PREFIX,
        ':upTo': archivePageSortKey(upToStartSk),
      },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    });
    return (result.Items ?? []).map(pageOf);
  }

  private metaKey(feedId: FeedId) {
    return { [TABLE_KEYS.partitionKey]: archivePartitionKey(this.publicationId, feedId), [TABLE_KEYS.sortKey]: ARCHIVE_META_SK };
  }

  private pageKey(feedId: FeedId, startSk: string) {
    return { [TABLE_KEYS.partitionKey]: archivePartitionKey(this.publicationId, feedId), [TABLE_KEYS.sortKey]: archivePageSortKey(startSk) };
  }
}

function pageOf(item: Record<string, unknown>): ArchivePage {
  return { pageNumber: Number(item.pageNumber), startSk: String(item.startSk), endSk: String(item.endSk) };
}
