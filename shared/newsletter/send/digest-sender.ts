import type { EventLog } from '../../log/event-log.ts';
import type { Clock } from '../../time/time-sources.ts';
import { maskAddress, type AddressProtection } from '../address-protection.ts';
import type { Digest } from '../digest/digest.ts';
import type { DigestStore } from '../digest/digest-store.ts';
import { renderDigestMail } from '../digest/render-digest.ts';
import type { DeliveryLedger } from '../delivery-ledger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SendPacer } from '../mail/send-pacer.ts';
import { listUnsubscribeHeaders, type NewsletterLinks } from '../newsletter-links.ts';
import type { SubscriberStore } from '../subscriber-store.ts';
import type { SuppressionList } from '../suppression-list.ts';
import type { RecipientBatch } from './recipient-batch.ts';

export interface DigestSenderDeps {
  digests: DigestStore;
  subscribers: SubscriberStore;
  suppressions: SuppressionList;
  ledger: DeliveryLedger;
  protection: AddressProtection;
  links: NewsletterLinks;
  mailer: Mailer;
  pacer: SendPacer;
  log: EventLog;
  clock: Clock;
}

export interface BatchSendSummary {
  sent: number;
  /** Unsubscribed, still pending, or erased since the batch was planned. */
  notSubscribed: number;
  suppressed: number;
  /** Already claimed or sent by an earlier delivery of this batch. */
  alreadySent: number;
}

export class DigestMissingError extends Error {
  override readonly name = 'DigestMissingError';
}

/**
 * Sends one recipient batch: reads the subscribers and the suppression list as they are now,
 * claims each (digest, recipient) in the ledger, and only then calls SES. A failed send releases
 * its claim and fails the batch, so SQS delivers it again and only the unsent are sent.
 */
export class DigestSender {
  private readonly digestCache = new Map<string, Digest>();

  constructor(private readonly deps: DigestSenderDeps) {}

  async sendBatch(batch: RecipientBatch): Promise<BatchSendSummary> {
    const ref = { publication: batch.publication, id: batch.newsletter };
    const digest = await this.digestOf(batch);
    const [subscribers, suppressed] = await Promise.all([this.deps.subscribers.getMany(ref, batch.recipients), this.deps.suppressions.suppressedAmong(batch.recipients)]);
    const summary: BatchSendSummary = { sent: 0, notSubscribed: 0, suppressed: 0, alreadySent: 0 };
    for (const lookupKey of batch.recipients) {
      const subscriber = subscribers.get(lookupKey);
      if (subscriber?.status !== 'confirmed' || subscriber.encryptedAddress === undefined) {
        summary.notSubscribed += 1;
        continue;
      }
      if (suppressed.has(lookupKey)) {
        summary.suppressed += 1;
        continue;
      }
      const claim = await this.deps.ledger.claim(ref, batch.slot, lookupKey, this.deps.clock());
      if (!claim) {
        summary.alreadySent += 1;
        continue;
      }
      const address = this.deps.protection.decrypt(subscriber.encryptedAddress, lookupKey);
      try {
        await this.deps.pacer.wait();
        const unsubscribeUrl = this.deps.links.unsubscribe(ref, lookupKey);
        const mail = renderDigestMail(digest, { unsubscribeUrl });
        const { messageId } = await this.deps.mailer.send({ to: address, from: digest.from, ...(digest.replyTo ? { replyTo: digest.replyTo } : {}), ...mail, headers: listUnsubscribeHeaders(unsubscribeUrl) });
        await this.deps.ledger.markSent(claim, messageId, this.deps.clock());
        summary.sent += 1;
      } catch (error) {
        await this.deps.ledger.release(claim);
        this.deps.log.warn('digest send failed; the batch will be retried', { newsletter: `${batch.publication}/${batch.newsletter}`, slot: batch.slot, address: maskAddress(address), error });
        throw error;
      }
    }
    this.deps.log.info('recipient batch sent', { newsletter: `${batch.publication}/${batch.newsletter}`, slot: batch.slot, ...summary });
    return summary;
  }

  private async digestOf(batch: RecipientBatch): Promise<Digest> {
    const cacheKey = `${batch.publication}/${batch.newsletter}/${batch.slot}`;
    const cached = this.digestCache.get(cacheKey);
    if (cached) return cached;
    const digest = await this.deps.digests.get({ publication: batch.publication, id: batch.newsletter }, batch.slot);
    if (!digest) throw new DigestMissingError(`no planned digest ${cacheKey}`);
    this.digestCache.set(cacheKey, digest);
    return digest;
  }
}
