import type { DocumentTable } from '../store/document-table.ts';
import type { SiteConfig } from '../config/site-config.ts';
import type { EventLog } from '../log/event-log.ts';
import { sleepInRealTime, type Clock, type Sleep } from '../time/time-sources.ts';
import { AddressProtection } from './address-protection.ts';
import { DeliveryLedger } from './delivery-ledger.ts';
import { DigestStore } from './digest/digest-store.ts';
import { SesEventRecorder } from './events/ses-event-recorder.ts';
import type { Mailer } from './mail/mailer.ts';
import { SendPacer } from './mail/send-pacer.ts';
import { NewsletterFeedSource } from './newsletter-feed-source.ts';
import type { NewsletterKeyring } from './newsletter-keyring.ts';
import { NewsletterLinks } from './newsletter-links.ts';
import { NewsletterStore } from './newsletter-store.ts';
import { PublicationSource } from './publication-source.ts';
import { RateCounter } from './rate-counter.ts';
import { DigestPlanner } from './send/digest-planner.ts';
import { DigestSender } from './send/digest-sender.ts';
import type { RecipientQueue } from './send/recipient-queue.ts';
import { SignedTokenSigner } from './signed-token.ts';
import { NewsletterWeb } from './subscribe/newsletter-web.ts';
import { SubscriptionFlow } from './subscribe/subscription-flow.ts';
import { SubscriberPrivacy } from './subscriber-privacy.ts';
import { SubscriberStore } from './subscriber-store.ts';
import { SuppressionList } from './suppression-list.ts';

export interface NewsletterServicesOptions {
  documents: DocumentTable;
  tableName: string;
  /** The default publication's settings (the deploy config). */
  site: SiteConfig;
  keyring: NewsletterKeyring;
  /** Public base URL of the newsletter endpoint, ending with `/`. */
  baseUrl: string;
  mailer: Mailer;
  /** Only the scheduler (and the CLI's `send`) enqueue. */
  queue?: RecipientQueue;
  sendRatePerSecond: number;
  subscribeResponseFloorMs: number;
  log: EventLog;
  clock?: Clock;
  sleep?: Sleep;
}

/**
 * The newsletter wired once: every function, `npm start`, the CLI and the tests build it here, so
 * each runs the same stores and rules. Building is cheap (no I/O); each caller uses its part.
 */
export function createNewsletterServices(options: NewsletterServicesOptions) {
  const { documents, tableName, log } = options;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? sleepInRealTime;
  const newsletters = new NewsletterStore(documents, tableName);
  const subscribers = new SubscriberStore(documents, tableName);
  const suppressions = new SuppressionList(documents, tableName);
  const digests = new DigestStore(documents, tableName);
  const publications = new PublicationSource(documents, tableName, options.site);
  const protection = new AddressProtection(options.keyring);
  const signer = new SignedTokenSigner(options.keyring.token);
  const links = new NewsletterLinks(options.baseUrl, signer);
  const flow = new SubscriptionFlow({ newsletters, subscribers, rates: new RateCounter(documents, tableName), publications, protection, signer, links, mailer: options.mailer, log, clock });
  return {
    newsletters,
    subscribers,
    suppressions,
    digests,
    publications,
    protection,
    links,
    web: new NewsletterWeb({ flow, links, publications, log, clock, sleep, subscribeResponseFloorMs: options.subscribeResponseFloorMs }),
    planner: new DigestPlanner({ newsletters, subscribers, digests, feeds: new NewsletterFeedSource(documents, tableName), publications, queue: options.queue ?? refusingQueue, log, clock }),
    sender: new DigestSender({
      digests,
      subscribers,
      suppressions,
      ledger: new DeliveryLedger(documents, tableName),
      protection,
      links,
      mailer: options.mailer,
      pacer: new SendPacer(options.sendRatePerSecond, () => clock().getTime(), sleep),
      log,
      clock,
    }),
    sesEvents: new SesEventRecorder(suppressions, protection, log, clock),
    privacy: new SubscriberPrivacy(newsletters, subscribers, suppressions, protection),
  };
}

export type NewsletterServices = ReturnType<typeof createNewsletterServices>;

const refusingQueue: RecipientQueue = {
  enqueue: () => Promise.reject(new Error('this process has no newsletter queue: only the scheduler plans issues')),
};
