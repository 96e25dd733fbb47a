import type { EventLog } from '../../log/event-log.ts';
import { escapeHtml } from '../../site/html-escape.ts';
import type { Clock } from '../../time/time-sources.ts';
import { maskAddress, type AddressProtection } from '../address-protection.ts';
import type { Mailer } from '../mail/mailer.ts';
import { newsletterName, type NewsletterRef, type StoredNewsletter } from '../newsletter-definition.ts';
import type { NewsletterLinks } from '../newsletter-links.ts';
import { newsletterMessagesFor, type NewsletterMessages } from '../newsletter-messages.ts';
import type { NewsletterStore } from '../newsletter-store.ts';
import type { PublicationSource } from '../publication-source.ts';
import type { RateCounter, RateLimit } from '../rate-counter.ts';
import { TokenRejectedError, type TokenPurpose, type SignedTokenSigner } from '../signed-token.ts';
import type { SubscriberStore } from '../subscriber-store.ts';

/** Subscribe attempts one client IP may make an hour (a newsroom's office shares one address). */
export const CLIENT_LIMIT: RateLimit = { scope: 'client', maxPerWindow: 30, windowMs: 60 * 60 * 1000 };
/** Subscribe attempts for one address an hour, whoever makes them. */
export const ADDRESS_LIMIT: RateLimit = { scope: 'address', maxPerWindow: 5, windowMs: 60 * 60 * 1000 };

export interface SubscriptionFlowDeps {
  newsletters: NewsletterStore;
  subscribers: SubscriberStore;
  rates: RateCounter;
  publications: PublicationSource;
  protection: AddressProtection;
  signer: SignedTokenSigner;
  links: NewsletterLinks;
  mailer: Mailer;
  log: EventLog;
  clock: Clock;
}

/** What a subscribe request led to; every kind but the first two answers the reader identically. */
export type SubscribeOutcome = 'unknown-newsletter' | 'client-limited' | 'accepted';

/**
 * Double opt-in. A request never says whether the address was new, pending or subscribed: each
 * answers "check your inbox", and only a new (or long-pending) address gets a confirmation mail,
 * at most one an hour.
 */
export class SubscriptionFlow {
  constructor(private readonly deps: SubscriptionFlowDeps) {}

  async newsletterOf(ref: NewsletterRef): Promise<StoredNewsletter | undefined> {
    return this.deps.newsletters.get(ref);
  }

  async requestSubscription(newsletter: StoredNewsletter, address: string, clientIp: string): Promise<SubscribeOutcome> {
    const { rates, protection, log } = this.deps;
    const now = this.deps.clock();
    if (!(await rates.allow(CLIENT_LIMIT, protection.hashed(clientIp), now))) {
      log.warn('subscribe refused: client over its hourly limit', { newsletter: newsletterName(newsletter) });
      return 'client-limited';
    }
    const lookupKey = protection.lookupKey(address);
    if (!(await rates.allow(ADDRESS_LIMIT, lookupKey, now))) {
      log.warn('subscribe ignored: address over its hourly limit', { newsletter: newsletterName(newsletter), address: maskAddress(address) });
      return 'accepted';
    }
    const confirmationDue = await this.deps.subscribers.requestConfirmation(newsletter, lookupKey, protection.encrypt(address), now);
    if (confirmationDue) await this.sendConfirmation(newsletter, address, lookupKey, now);
    log.info('subscribe request', { newsletter: newsletterName(newsletter), address: maskAddress(address), confirmationSent: confirmationDue });
    return 'accepted';
  }

  /** The newsletter a link's token names, or why it is refused. */
  verify(token: string, purpose: TokenPurpose): { ok: true; newsletter: NewsletterRef; lookupKey: string } | { ok: false; reason: string } {
    try {
      const claims = this.deps.signer.verify(token, purpose, this.deps.clock());
      return { ok: true, newsletter: claims.newsletter, lookupKey: claims.lookupKey };
    } catch (error) {
      if (error instanceof TokenRejectedError) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  /** True once the subscriber is confirmed (now or before); false when there is no subscriber any more. */
  async confirm(ref: NewsletterRef, lookupKey: string): Promise<boolean> {
    if (await this.deps.subscribers.confirm(ref, lookupKey, this.deps.clock())) {
      this.deps.log.info('subscription confirmed', { newsletter: newsletterName(ref) });
      return true;
    }
    return (await this.deps.subscribers.get(ref, lookupKey))?.status === 'confirmed';
  }

  /** Idempotent: unsubscribing an unknown or erased subscriber is already done. */
  async unsubscribe(ref: NewsletterRef, lookupKey: string): Promise<void> {
    const changed = await this.deps.subscribers.unsubscribe(ref, lookupKey, this.deps.clock());
    this.deps.log.info('unsubscribed', { newsletter: newsletterName(ref), changed });
  }

  private async sendConfirmation(newsletter: StoredNewsletter, address: string, lookupKey: string, now: Date): Promise<void> {
    const settings = await this.deps.publications.settingsOf(newsletter.publication);
    const messages = newsletterMessagesFor(settings.language);
    const link = this.deps.links.confirm(newsletter, lookupKey, now);
    try {
      await this.deps.mailer.send({
        to: address,
        from: newsletter.from,
        ...(newsletter.replyTo ? { replyTo: newsletter.replyTo } : {}),
        subject: messages.confirmSubject(newsletter.title),
        text: [messages.confirmBody(newsletter.title), '', link, '', messages.confirmIgnore, ''].join('\n'),
        html: confirmationHtml(messages, messages.confirmBody(newsletter.title), link),
        headers: [],
      });
    } catch (error) {
      // Same answer to the reader whatever happened; the hour's window lets them try again later.
      this.deps.log.error('confirmation mail not sent', { newsletter: newsletterName(newsletter), address: maskAddress(address), error });
    }
  }
}

function confirmationHtml(messages: NewsletterMessages, body: string, link: string): string {
  return [
    `<!DOCTYPE html><html lang="${messages.language}" dir="${messages.direction}"><head><meta charset="utf-8"></head>`,
    '<body style="font:16px/1.5 system-ui,sans-serif;max-width:560px;margin:0 auto;padding:24px 16px;">',
    `<p>${escapeHtml(body)}</p>`,
    `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#8a1c1c;color:#fff;text-decoration:none;border-radius:4px;">${escapeHtml(messages.confirmButton)}</a></p>`,
    `<p style="color:#6b6b66;font-size:14px;">${escapeHtml(messages.confirmIgnore)}</p>`,
    '</body></html>',
  ].join('');
}
