import type { DocumentTable } from './document-table.ts';
import { PodcastShowSchema, type PodcastShow } from '../podcast/podcast-show.ts';
import type { PublicationId } from '../publication/publication-keys.ts';
import { NETWORK_PK, podcastShowKey } from '../publication/publication-settings.ts';
import { succeedsUnlessConditionFails } from './conditional-write.ts';
import { queryItems } from './paged-items.ts';
import { TABLE_KEYS } from './table-design.ts';

export class PodcastShowExistsError extends Error {
  override readonly name = 'PodcastShowExistsError';
  constructor(readonly publicationId: PublicationId, readonly showId: string) {
    super(`show ${showId} of publication ${publicationId} already exists`);
  }
}

export class PodcastShowNotFoundError extends Error {
  override readonly name = 'PodcastShowNotFoundError';
  constructor(readonly publicationId: PublicationId, readonly showId: string) {
    super(`no show ${showId} in publication ${publicationId}`);
  }
}

/** A stored show that no longer passes the schema (edited by hand, or an older schema). */
export class InvalidStoredShowError extends Error {
  override readonly name = 'InvalidStoredShowError';
  constructor(readonly key: { pk: string; sk: string }, reason: string) {
    super(`stored show ${key.sk} is invalid: ${reason}`);
  }
}

/** How the publish path finds a show of the publication it renders. */
export interface PodcastShowLookup {
  showOf(showId: string): Promise<PodcastShow | undefined>;
}

/**
 * Podcast shows in the network settings partition (`NETWORK` / `SHOW#<publication>#<show>`): no
 * sort key there is `POST`, so saving a show never reaches the stream handler; whoever saves one
 * regenerates its feed (`feedline show add|update` does).
 */
export class PodcastShowStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /** Saves a new show; refuses to overwrite one with the same id in the same publication. */
  async add(show: PodcastShow): Promise<void> {
    const added = await succeedsUnlessConditionFails(this.put(show, 'attribute_not_exists(#pk)'));
    if (!added) throw new PodcastShowExistsError(show.publicationId, show.id);
  }

  /** Replaces a show's settings as a whole; refuses when there is none to replace. */
  async update(show: PodcastShow): Promise<void> {
    const updated = await succeedsUnlessConditionFails(this.put(show, 'attribute_exists(#pk)'));
    if (!updated) throw new PodcastShowNotFoundError(show.publicationId, show.id);
  }

  async get(publicationId: PublicationId, showId: string): Promise<PodcastShow | undefined> {
    const key = podcastShowKey(publicationId, showId);
    const result = await this.documents.get({ TableName: this.tableName, Key: key, ConsistentRead: true });
    return result.Item === undefined ? undefined : showOfItem(key, result.Item);
  }

  /** One Query of the publication's `SHOW#` keys, in id order. */
  async list(publicationId: PublicationId): Promise<PodcastShow[]> {
    const prefix = podcastShowKey(publicationId, '').sk;
    const shows: PodcastShow[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: { ':pk': NETWORK_PK, ':prefix': prefix },
      ConsistentRead: true,
    });
    for await (const item of items) shows.push(showOfItem({ pk: NETWORK_PK, sk: String(item[TABLE_KEYS.sortKey]) }, item));
    return shows;
  }

  /** Returns whether there was one to remove. Its episodes stay published in its feed, without the podcast tags. */
  async remove(publicationId: PublicationId, showId: string): Promise<boolean> {
    const result = await this.documents.delete({ TableName: this.tableName, Key: podcastShowKey(publicationId, showId), ReturnValues: 'ALL_OLD' });
    return result.Attributes !== undefined;
  }

  /** The lookup the publish path uses for one publication's feeds. */
  lookupFor(publicationId: PublicationId): PodcastShowLookup {
    return { showOf: (showId) => this.get(publicationId, showId) };
  }

  private put(show: PodcastShow, condition: string): Promise<unknown> {
    return this.documents.put({
      TableName: this.tableName,
      Item: { ...podcastShowKey(show.publicationId, show.id), ...show },
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
    });
  }
}

function showOfItem(key: { pk: string; sk: string }, item: Record<string, unknown>): PodcastShow {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.sortKey]: _sk, ...fields } = item;
  const parsed = PodcastShowSchema.safeParse(fields);
  if (!parsed.success) throw new InvalidStoredShowError(key, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return parsed.data;
}
