import { mapWithConcurrency } from '../../concurrency/map-with-concurrency.ts';
import type { EventLog } from '../../log/event-log.ts';
import type { Clock } from '../../time/time-sources.ts';
import { maskAddress, type AddressProtection } from '../address-protection.ts';
import type { Digest } from '../digest/digest.ts';
import type { DigestStore } from '../digest/digest-store.ts';
import { renderDigestMail } from '../digest/render-digest.ts';
import type { DeliveryClaim, DeliveryLedger, Delivery } from '../delivery-ledger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SendPacer } from '../mail/send-pacer.ts';
import type { NewsletterRef } from '../newsletter-definition.ts';
import { listUnsubscribeHeaders, type NewsletterLinks } from '../newsletter-links.ts';
import type { SubscriberStore } from '../subscriber-store.ts';
import type { SuppressionList } from '../suppression-list.ts';
import type { RecipientBatch } from './recipient-batch.ts';

/**
 * SES calls in flight per sender: the pacer still spaces their starts at the configured rate, but
 * one at a time would cap a sender at one mail per round trip, below a raised account rate.
 */
const SENDS_IN_FLIGHT = 8;

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

/** What became of the claimed recipients: the sends SES accepted, and the first failure, if any. */
interface SendRound {
  delivered: Delivery[];
  failure?: { claim: DeliveryClaim; error: unknown };
}

/**
 * Sends one recipient batch: reads the subscribers and the suppression list as they are now (one
 * BatchGetItem each), claims every (digest, recipient) left in one ledger transaction, and only
 * then calls SES. After a failed send, the claims not yet used are released and the batch fails,
 * so SQS delivers it again and only the unsent are sent.
 */
export class DigestSender {
  private readonly digestCache = new Map<string, Digest>();

  constructor(private readonly deps: DigestSenderDeps) {}

  async sendBatch(batch: RecipientBatch): Promise<BatchSendSummary> {
    const ref = { publication: batch.publication, id: batch.newsletter };
    const digest = await this.digestOf(batch);
    const { recipients, summary } = await this.currentRecipients(ref, [...new Set(batch.recipients)]);
    const claims = await this.deps.ledger.claimAll(ref, batch.slot, [...recipients.keys()], this.deps.clock());
    summary.alreadySent = recipients.size - claims.length;
    const addresses = new Map(claims.map(({ lookupKey }) => [lookupKey, this.deps.protection.decrypt(recipients.get(lookupKey) ?? '', lookupKey)]));
    const round = await this.sendClaimed(digest, ref, claims, addresses);
    summary.sent = round.delivered.length;
    await this.recordDelivered(batch, round.delivered);
    if (round.failure) await this.giveBackUnsent(batch, claims, { ...round, failure: round.failure }, addresses);
    this.deps.log.info('recipient batch sent', { newsletter: `${batch.publication}/${batch.newsletter}`, slot: batch.slot, ...summary });
    return summary;
  }

  /** Releases every claim no mail went out for, so the retry sends them, and fails the batch with the send's error. */
  private async giveBackUnsent(batch: RecipientBatch, claims: readonly DeliveryClaim[], round: Required<SendRound>, addresses: ReadonlyMap<string, string>): Promise<never> {
    const used = new Set(round.delivered.map((delivery) => delivery.claim));
    await this.deps.ledger.releaseAll(claims.filter((claim) => !used.has(claim)));
    this.deps.log.warn('digest send failed; the batch will be retried', {
      newsletter: `${batch.publication}/${batch.newsletter}`,
      slot: batch.slot,
      address: maskAddress(addresses.get(round.failure.claim.lookupKey) ?? ''),
      sent: round.delivered.length,
      error: round.failure.error,
    });
    throw round.failure.error;
  }

  /** The batch's recipients who are still confirmed and not suppressed, with their encrypted addresses; the others counted. */
  private async currentRecipients(ref: NewsletterRef, lookupKeys: string[]): Promise<{ recipients: Map<string, string>; summary: BatchSendSummary }> {
    const [subscribers, suppressed] = await Promise.all([this.deps.subscribers.getMany(ref, lookupKeys), this.deps.suppressions.suppressedAmong(lookupKeys)]);
    const summary: BatchSendSummary = { sent: 0, notSubscribed: 0, suppressed: 0, alreadySent: 0 };
    const recipients = new Map<string, string>();
    for (const lookupKey of lookupKeys) {
      const subscriber = subscribers.get(lookupKey);
      if (subscriber?.status !== 'confirmed' || subscriber.encryptedAddress === undefined) summary.notSubscribed += 1;
      else if (suppressed.has(lookupKey)) summary.suppressed += 1;
      else recipients.set(lookupKey, subscriber.encryptedAddress);
    }
    return { recipients, summary };
  }

  /** Paced sends, a few in flight; after the first failure no new send starts. */
  private async sendClaimed(digest: Digest, ref: NewsletterRef, claims: readonly DeliveryClaim[], addresses: ReadonlyMap<string, string>): Promise<SendRound> {
    const round: SendRound = { delivered: [] };
    await mapWithConcurrency(claims, SENDS_IN_FLIGHT, async (claim) => {
      if (round.failure) return;
      await this.deps.pacer.wait();
      if (round.failure) return;
      try {
        const unsubscribeUrl = this.deps.links.unsubscribe(ref, claim.lookupKey);
        const mail = renderDigestMail(digest, { unsubscribeUrl });
        const to = addresses.get(claim.lookupKey) ?? '';
        const { messageId } = await this.deps.mailer.send({ to, from: digest.from, ...(digest.replyTo ? { replyTo: digest.replyTo } : {}), ...mail, headers: listUnsubscribeHeaders(unsubscribeUrl) });
        round.delivered.push({ claim, messageId });
      } catch (error) {
        round.failure ??= { claim, error };
      }
    });
    return round;
  }

  /** A failed mark only leaves entries `claimed`: the mail went out and nothing sends it again, so it is logged, not thrown. */
  private async recordDelivered(batch: RecipientBatch, delivered: readonly Delivery[]): Promise<void> {
    if (delivered.length === 0) return;
    try {
      const notOurs = await this.deps.ledger.markAllSent(delivered, this.deps.clock());
      if (notOurs > 0) this.deps.log.warn('ledger entries changed under a sender; left as they are', { newsletter: `${batch.publication}/${batch.newsletter}`, slot: batch.slot, entries: notOurs });
    } catch (error) {
      this.deps.log.warn('sent digests not marked in the ledger; their claims still prevent a second send', { newsletter: `${batch.publication}/${batch.newsletter}`, slot: batch.slot, entries: delivered.length, error });
    }
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
