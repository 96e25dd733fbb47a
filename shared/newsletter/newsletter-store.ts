import type { DocumentTable } from '../store/document-table.ts';
import { succeedsUnlessConditionFails } from '../store/conditional-write.ts';
import { queryItems } from '../store/paged-items.ts';
import { StoredNewsletterDefinitionSchema, type NewsletterDefinition, type NewsletterProgress, type NewsletterRef, type StoredNewsletter } from './newsletter-definition.ts';
import { definitionKey, NETWORK_PK, NEWSLETTER_SK_PREFIX } from './newsletter-keys.ts';

export class NewsletterExistsError extends Error {
  override readonly name = 'NewsletterExistsError';
}

/** Newsletter definitions and where each one's sending stands, in the network partition. */
export class NewsletterStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  async add(definition: NewsletterDefinition, progress: NewsletterProgress): Promise<void> {
    const added = await succeedsUnlessConditionFails(
      this.documents.put({ TableName: this.tableName, Item: { ...definitionKey(definition), definition, ...progress }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    if (!added) throw new NewsletterExistsError(`newsletter ${definition.publication}/${definition.id} already exists`);
  }

  async get(ref: NewsletterRef): Promise<StoredNewsletter | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: definitionKey(ref), ConsistentRead: true });
    return result.Item ? storedNewsletterOf(result.Item) : undefined;
  }

  /** Every newsletter of every publication: one Query of the network partition. */
  async listAll(): Promise<StoredNewsletter[]> {
    const newsletters: StoredNewsletter[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': NETWORK_PK, ':prefix': NEWSLETTER_SK_PREFIX },
      ConsistentRead: true,
    });
    for await (const item of items) newsletters.push(storedNewsletterOf(item));
    return newsletters;
  }

  /**
   * Moves the newsletter past a planned slot, only if no other run did first: two scheduler runs
   * racing on one slot advance it once (the loser's digest is the same item, see `DigestStore`).
   */
  async advance(ref: NewsletterRef, from: NewsletterProgress, to: NewsletterProgress): Promise<boolean> {
    return succeedsUnlessConditionFails(
      this.documents.update({
        TableName: this.tableName,
        Key: definitionKey(ref),
        UpdateExpression: 'SET lastSlot = :slot, #cursor = :cursor',
        ConditionExpression: 'lastSlot = :fromSlot',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':slot': to.lastSlot, ':cursor': to.cursor, ':fromSlot': from.lastSlot },
      }),
    );
  }
}

function storedNewsletterOf(item: Record<string, unknown>): StoredNewsletter {
  return { ...StoredNewsletterDefinitionSchema.parse(item.definition), lastSlot: String(item.lastSlot), cursor: String(item.cursor) };
}
