import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { succeedsUnlessConditionFails } from '../store/conditional-write.ts';
import { TIME_TO_LIVE_ATTRIBUTE } from '../store/table-design.ts';
import type { NewsletterRef } from './newsletter-definition.ts';
import { deliveryKey } from './newsletter-keys.ts';

/** Ledger entries outlive every retry of a digest (SQS keeps a message 4 days at most). */
const LEDGER_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** One recipient of one digest, claimed for sending: only the claim's holder may release it. */
export interface DeliveryClaim {
  newsletter: NewsletterRef;
  slot: string;
  lookupKey: string;
  claimId: string;
}

/**
 * Exactly one mail per (digest, recipient): a conditional put claims the pair before SES is
 * called, so a retried message, a redelivered one or a second sender finds the claim and skips.
 * A send that fails releases its claim, so the retry sends. A process that dies between claim
 * and send leaves the claim (state `claimed`, no message id): that recipient misses this digest
 * rather than risking a duplicate, and the entry says so.
 */
export class DeliveryLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The claim, or undefined when the pair was already claimed or sent. */
  async claim(newsletter: NewsletterRef, slot: string, lookupKey: string, now: Date): Promise<DeliveryClaim | undefined> {
    const claim = { newsletter, slot, lookupKey, claimId: randomUUID() };
    const claimed = await succeedsUnlessConditionFails(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...deliveryKey(newsletter, slot, lookupKey),
            state: 'claimed',
            claimId: claim.claimId,
            claimedAt: now.toISOString(),
            [TIME_TO_LIVE_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + LEDGER_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return claimed ? claim : undefined;
  }

  async markSent(claim: DeliveryClaim, messageId: string, now: Date): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(claim.newsletter, claim.slot, claim.lookupKey),
        UpdateExpression: 'SET #state = :sent, messageId = :messageId, sentAt = :now',
        ConditionExpression: 'claimId = :claimId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString(), ':claimId': claim.claimId },
      }),
    );
  }

  /** Gives the pair back after a failed send, so a retry may send it. */
  async release(claim: DeliveryClaim): Promise<void> {
    await succeedsUnlessConditionFails(
      this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: deliveryKey(claim.newsletter, claim.slot, claim.lookupKey),
          ConditionExpression: 'claimId = :claimId AND #state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimId': claim.claimId, ':claimed': 'claimed' },
        }),
      ),
    );
  }
}
