import { randomUUID } from 'node:crypto';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { inject } from 'vitest';
import { createSesClient } from '../../shared/aws/ses-client.ts';
import type { AwsClients } from '../../shared/aws/aws-clients.ts';
import { feedsOfPost } from '../../shared/feed/feed-id.ts';
import { publicationOfPost, type Post } from '../../shared/post/post-schema.ts';
import { SesMailer } from '../../shared/newsletter/mail/ses-mailer.ts';
import type { Mailer } from '../../shared/newsletter/mail/mailer.ts';
import type { NewsletterDefinitionInput } from '../../shared/newsletter/newsletter-definition.ts';
import { NewsletterDefinitionSchema } from '../../shared/newsletter/newsletter-definition.ts';
import { keyringOf } from '../../shared/newsletter/newsletter-keyring.ts';
import { createNewsletterServices, type NewsletterServices } from '../../shared/newsletter/newsletter-services.ts';
import type { RecipientBatch } from '../../shared/newsletter/send/recipient-batch.ts';
import type { WebRequest, WebResponse } from '../../shared/newsletter/subscribe/newsletter-web.ts';
import { batchWriteAll } from '../../shared/store/batch-writer.ts';
import { FeedMembershipStore } from '../../shared/store/feed-membership-store.ts';
import { subscriberKey } from '../../shared/newsletter/newsletter-keys.ts';
import { createTable } from '../../local/bootstrap.ts';
import { mailInSesEmulator, type StoredMail } from '../../local/emulators/ses-emulator.ts';
import { EMULATOR_CREDENTIALS } from '../../local/emulators/emulator-credentials.ts';
import type { SiteConfig } from '../../shared/config/site-config.ts';
import { CollectingLog } from './collecting-log.ts';
import { createEmulatorClients, destroyClients, EMULATOR_REGION } from './emulator-clients.ts';
import { testSite } from './test-site.ts';
import { uniqueResourceName } from './unique-names.ts';

/** A fixed key for tests: the keyring is derived from it exactly as from the deployed secret. */
export const TEST_NEWSLETTER_SECRET = '4f'.repeat(32);

export const NEWSLETTER_BASE_URL = 'https://newsletter.humanrights.example.org/';

export interface NewsletterRigOptions {
  site?: SiteConfig;
  subscribeResponseFloorMs?: number;
  /** Another mailer in front of SES (fault injection); SES through the emulator by default. */
  mailer?: (ses: Mailer) => Mailer;
  sesClient?: (client: SESv2Client) => SESv2Client;
}

/**
 * The newsletter wired as a function wires it, against the shared DynamoDB Local (its own table)
 * and the shared SES emulator; the queue is a list the test hands to the sender. Each rig writes
 * to its own recipient domain, so tests read back only their own mail.
 */
export class NewsletterRig {
  readonly tableName = uniqueResourceName('newsletter');
  readonly clients: AwsClients = createEmulatorClients();
  readonly ses: SESv2Client;
  readonly log = new CollectingLog();
  readonly queued: RecipientBatch[] = [];
  readonly sesEndpoint = inject('sesEndpoint');
  readonly recipientDomain = `${randomUUID().slice(0, 8)}.readers.example.net`;
  now = new Date('2026-11-30T06:00:00Z');
  readonly services: NewsletterServices;

  constructor(options: NewsletterRigOptions = {}) {
    const ses = createSesClient({ region: EMULATOR_REGION, endpoint: this.sesEndpoint, credentials: { ...EMULATOR_CREDENTIALS } });
    this.ses = options.sesClient ? options.sesClient(ses) : ses;
    const sesMailer = new SesMailer(this.ses, 'feedline-newsletter');
    this.services = createNewsletterServices({
      documents: this.clients.documents,
      tableName: this.tableName,
      site: options.site ?? testSite(),
      keyring: keyringOf(TEST_NEWSLETTER_SECRET),
      baseUrl: NEWSLETTER_BASE_URL,
      mailer: options.mailer ? options.mailer(sesMailer) : sesMailer,
      queue: { enqueue: async (batches) => void this.queued.push(...batches) },
      sendRatePerSecond: 1_000,
      subscribeResponseFloorMs: options.subscribeResponseFloorMs ?? 0,
      log: this.log,
      clock: () => this.now,
    });
  }

  async start(): Promise<this> {
    await createTable(this.clients.dynamoDb, this.tableName);
    return this;
  }

  address(local: string): string {
    return `${local}@${this.recipientDomain}`;
  }

  async addNewsletter(overrides: Partial<NewsletterDefinitionInput> = {}, progress = { lastSlot: '2026-11-29T06:00:00.000Z', cursor: '2026-11-29T06:00:00.000Z' }) {
    const definition = NewsletterDefinitionSchema.parse({
      publication: 'default',
      id: 'morning-brief',
      title: 'Morning Brief',
      from: 'brief@humanrights.example.org',
      schedule: { frequency: 'daily', time: '07:00', timeZone: 'Asia/Tashkent' },
      ...overrides,
    });
    await this.services.newsletters.add(definition, progress);
    return definition;
  }

  /** Puts posts into their publication's feeds as the stream handler would. */
  async publish(...posts: Post[]): Promise<void> {
    for (const post of posts) {
      const memberships = new FeedMembershipStore(this.clients.documents, this.tableName, publicationOfPost(post));
      await memberships.apply(feedsOfPost(post).map((feedId) => ({ kind: 'put' as const, feedId, post })));
    }
  }

  web(request: Partial<WebRequest> & { path: string }): Promise<WebResponse> {
    return this.services.web.handle({ method: 'GET', query: new URLSearchParams(), body: '', clientIp: '198.51.100.7', ...request });
  }

  subscribe(address: string, extra: Record<string, string> = {}, clientIp = '198.51.100.7'): Promise<WebResponse> {
    const body = new URLSearchParams({ newsletter: 'default/morning-brief', email: address, website: '', ...extra }).toString();
    return this.web({ method: 'POST', path: '/subscribe', body, clientIp });
  }

  subscribers() {
    return this.services.subscribers.counts({ publication: 'default', id: 'morning-brief' });
  }

  /** Subscribes and confirms `local@<rig domain>` through the form and the mailed link. */
  async confirmedReader(local: string): Promise<string> {
    const address = this.address(local);
    await this.subscribe(address);
    const [confirmation] = await this.mailTo(address);
    const response = await this.web({ method: 'POST', ...linkIn(confirmation?.body.text ?? '', 'confirm') });
    if (response.status !== 200) throw new Error(`confirming ${address} answered ${response.status}`);
    return address;
  }

  /**
   * `count` confirmed readers of morning-brief written straight into the table, as confirming
   * would leave them: for tests about many recipients, where the form would take a mail each.
   */
  async writeConfirmedReaders(count: number): Promise<string[]> {
    const { protection } = this.services;
    const addresses = Array.from({ length: count }, (_, index) => this.address(`reader-${index}`));
    const at = this.now.toISOString();
    const ref = { publication: 'default', id: 'morning-brief' };
    await batchWriteAll(
      this.clients.documents,
      this.tableName,
      addresses.map((address) => ({ PutRequest: { Item: { ...subscriberKey(ref, protection.lookupKey(address)), status: 'confirmed', address: protection.encrypt(address), createdAt: at, confirmedAt: at } } })),
    );
    return addresses;
  }

  /** Sends every queued batch once, as the sender function would, and empties the queue. */
  async sendQueued(): Promise<void> {
    const batches = this.queued.splice(0);
    for (const batch of batches) await this.services.sender.sendBatch(batch);
  }

  /** What the SES emulator holds for `address`, oldest first. */
  async mailTo(address: string): Promise<StoredMail[]> {
    return (await mailInSesEmulator(this.sesEndpoint)).filter((mail) => mail.destination.to.includes(address));
  }

  close(): void {
    destroyClients(this.clients);
    this.ses.destroy();
  }
}

/** The link a mail carries to `path` (`confirm`, `unsubscribe`), as a request the rig can make. */
export function linkIn(text: string, path: string): { path: string; query: URLSearchParams } {
  const match = new RegExp(`${NEWSLETTER_BASE_URL.replace(/[.]/g, '\\.')}${path}\\?token=([A-Za-z0-9_.-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return { path: `/${path}`, query: new URLSearchParams({ token: match[1] ?? '' }) };
}
