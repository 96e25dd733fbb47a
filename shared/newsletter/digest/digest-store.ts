import type { DocumentTable } from '../../store/document-table.ts';
import { outputUnlessConditionFails } from '../../store/conditional-write.ts';
import type { NewsletterRef } from '../newsletter-definition.ts';
import { digestKey } from '../newsletter-keys.ts';
import { DigestSchema, type Digest } from './digest.ts';

/** Planned digests, one item per (newsletter, slot): what every recipient batch of that issue renders. */
export class DigestStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /**
   * Stores the digest unless this slot has one already, and returns the stored one: a scheduler
   * run that re-plans a slot (it died before advancing) sends the issue it planned the first
   * time, so recipients already served are recognised by the ledger.
   */
  async putOnce(digest: Digest): Promise<Digest> {
    const ref = { publication: digest.publication, id: digest.newsletter };
    const written = await outputUnlessConditionFails(
      this.documents.put({ TableName: this.tableName, Item: { ...digestKey(ref, digest.slot), digest }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    if (written) return digest;
    const stored = await this.get(ref, digest.slot);
    if (!stored) throw new Error(`digest ${ref.publication}/${ref.id} ${digest.slot} refused as existing but not found`);
    return stored;
  }

  async get(ref: NewsletterRef, slot: string): Promise<Digest | undefined> {
    const result = await this.documents.get({ TableName: this.tableName, Key: digestKey(ref, slot), ConsistentRead: true });
    return result.Item ? DigestSchema.parse(result.Item.digest) : undefined;
  }
}
