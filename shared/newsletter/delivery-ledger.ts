import { randomUUID } from 'node:crypto';
import type { DocumentTable } from '../store/document-table.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { writeEachConditionally } from '../store/conditional-transaction.ts';
import { succeedsUnlessConditionFails } from '../store/conditional-write.ts';
import { TIME_TO_LIVE_ATTRIBUTE } from '../store/table-design.ts';
import type { NewsletterRef } from './newsletter-definition.ts';
import { deliveryKey } from './newsletter-keys.ts';

/** Ledger entries outlive every retry of a digest (SQS keeps a message 4 days at most). */
const LEDGER_RETENTION_SECONDS = 30 * 24 * 60 * 60;
/** Releases happen only after a failed send: a few at once keep the retry prompt. */
const RELEASES_IN_FLIGHT = 8;

/** One recipient of one digest, claimed for sending: only the claim's holder may release it. */
export interface DeliveryClaim {
  newsletter: NewsletterRef;
  slot: string;
  lookupKey: string;
  claimId: string;
}

/** A claim whose mail SES accepted. */
export interface Delivery {
  claim: DeliveryClaim;
  messageId: string;
}

/**
 * Exactly one mail per (digest, recipient): a conditional put claims the pair before SES is
 * called, so a retried message, a redelivered one or a second sender finds the claim and skips.
 * Claims and sent marks go in transactions of up to 100 conditional writes, one call for a whole
 * recipient batch. A send that fails releases its claim, so the retry sends. A process that dies
 * between claim and send leaves the claims (state `claimed`, no message id): those recipients miss
 * this digest rather than risking a duplicate, and the entries say so.
 */
export class DeliveryLedger {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /** The claims this call made; pairs already claimed or sent (by anyone) are left out. */
  async claimAll(newsletter: NewsletterRef, slot: string, lookupKeys: readonly string[], now: Date): Promise<DeliveryClaim[]> {
    const claims = lookupKeys.map((lookupKey) => ({ newsletter, slot, lookupKey, claimId: randomUUID() }));
    const puts = claims.map((claim) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...deliveryKey(newsletter, slot, claim.lookupKey),
          state: 'claimed',
          claimId: claim.claimId,
          claimedAt: now.toISOString(),
          [TIME_TO_LIVE_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + LEDGER_RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const { written } = await writeEachConditionally(this.documents, puts);
    return written.sort((a, b) => a - b).map((index) => claims[index] as DeliveryClaim);
  }

  /** Records the message ids; returns how many entries were no longer this sender's claim (none, unless the ledger was edited by hand). */
  async markAllSent(deliveries: readonly Delivery[], now: Date): Promise<number> {
    const updates = deliveries.map(({ claim, messageId }) => ({
      Update: {
        TableName: this.tableName,
        Key: deliveryKey(claim.newsletter, claim.slot, claim.lookupKey),
        UpdateExpression: 'SET #state = :sent, messageId = :messageId, sentAt = :now',
        ConditionExpression: 'claimId = :claimId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString(), ':claimId': claim.claimId },
      },
    }));
    return (await writeEachConditionally(this.documents, updates)).refused.length;
  }

  /** Gives the pairs back after a failed send, so a retry may send them. */
  async releaseAll(claims: readonly DeliveryClaim[]): Promise<void> {
    const settled = await mapWithConcurrency(claims, RELEASES_IN_FLIGHT, (claim) => this.release(claim));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async release(claim: DeliveryClaim): Promise<void> {
    await succeedsUnlessConditionFails(
      this.documents.delete({
        TableName: this.tableName,
        Key: deliveryKey(claim.newsletter, claim.slot, claim.lookupKey),
        ConditionExpression: 'claimId = :claimId AND #state = :claimed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimId': claim.claimId, ':claimed': 'claimed' },
      }),
    );
  }
}
