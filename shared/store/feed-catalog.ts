import type { DocumentTable } from './document-table.ts';
import { UnprocessedWritesError, batchWriteAll } from './batch-writer.ts';
import * as z from '../validation/zod-mini.ts';
import { queryItems } from './paged-items.ts';
import { describeSchemaError } from '../validation/field-problems.ts';
import { TABLE_KEYS, catalogKey, catalogPartitionKey } from './table-design.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';
import { type Sleep } from '../time/time-sources.ts';

const FormatUrlsSchema = z.object({ rss: z.string(), atom: z.string(), json: z.string() });

/** What the index page and the OPML say about one subscription feed, as stored in the table. */
export const FeedCatalogEntrySchema = z.object({
  feedId: z.string().check(z.minLength(1)),
  title: z.string(),
  description: z.string(),
  language: z.string(),
  /** The HTML page the feed's documents link as `rel="alternate"`: the blog or the topic page. */
  homePageUrl: z.string(),
  /** Absolute URL of each format. */
  links: FormatUrlsSchema,
  /** The document's `updated`: its newest item's `updatedAt`, never the clock. */
  updated: z.string(),
  items: z.array(
    z.object({
      title: z.string(),
      url: z.string(),
      publishedAt: z.string(),
      /** The item's first audio or video file, which the index page gives a player; absent on other items. */
      media: z.optional(z.object({ url: z.string(), type: z.string() })),
    }),
  ),
});

export type FeedCatalogEntry = z.output<typeof FeedCatalogEntrySchema>;

export class FeedCatalogError extends Error {
  override readonly name = 'FeedCatalogError';
  constructor(
    message: string,
    readonly feedIds: string[],
  ) {
    super(message);
  }
}


/**
 * One item per subscription feed in the publication's `<prefix>CATALOG` partition, written when a
 * feed's bytes change, so a publication's index page and OPML list its feeds and no other's.
 * Reading the whole catalog is one Query (a page per MB, about a thousand feeds), so the site
 * pages cost the same whether the bucket holds ten feeds or ten thousand; nothing lists the bucket.
 */
export class FeedCatalog {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
    readonly publicationId: PublicationId = DEFAULT_PUBLICATION_ID,
    /** Replaceable so tests need not wait out the backoff. */
    private readonly sleep?: Sleep,
  ) {}

  /** Every entry, sorted by feed id (the sort key order). */
  async list(): Promise<FeedCatalogEntry[]> {
    const entries: FeedCatalogEntry[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
      ExpressionAttributeValues: { ':pk': catalogPartitionKey(this.publicationId) },
      ConsistentRead: true,
    });
    for await (const item of items) entries.push(parseEntry(item));
    return entries;
  }

  /**
   * The title a feed was last published under, if the catalog has an entry for it: a feed emptied
   * of its posts has nothing else to take a topic's label from.
   */
  async titleOf(feedId: string): Promise<string | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: catalogKey(this.publicationId, feedId), ConsistentRead: true });
    return result.Item === undefined ? undefined : parseEntry(result.Item).title;
  }

  /**
   * Replaces the entries of these feeds; each feed id must appear once. Last writer wins: two
   * regenerations of one feed finishing in the wrong order leave the older entry until its next
   * change, which only costs the index page a stale item list.
   */
  async put(entries: readonly FeedCatalogEntry[]): Promise<void> {
    const requests = entries.map((entry) => ({ PutRequest: { Item: { ...catalogKey(this.publicationId, entry.feedId), ...entry } } }));
    try {
      await batchWriteAll(this.documents, this.tableName, requests, this.sleep);
    } catch (error) {
      if (!(error instanceof UnprocessedWritesError)) throw error;
      throw new FeedCatalogError(`catalog update incomplete: ${error.message}`, entries.map((entry) => entry.feedId));
    }
  }
}

function parseEntry(item: Record<string, unknown>): FeedCatalogEntry {
  const parsed = FeedCatalogEntrySchema.safeParse(item);
  if (!parsed.success) {
    throw new FeedCatalogError(`catalog item ${String(item[TABLE_KEYS.sortKey])} is malformed: ${describeSchemaError(parsed.error)}`, [
      String(item.feedId),
    ]);
  }
  return parsed.data;
}
