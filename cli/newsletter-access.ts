import { readFile } from 'node:fs/promises';
import type { SiteConfig } from '../shared/config/site-config.ts';
import type { EventLog } from '../shared/log/event-log.ts';
import { AddressProtection } from '../shared/newsletter/address-protection.ts';
import type { Mailer } from '../shared/newsletter/mail/mailer.ts';
import { keyringOf, type NewsletterKeyring } from '../shared/newsletter/newsletter-keyring.ts';
import { createNewsletterServices, type NewsletterServices } from '../shared/newsletter/newsletter-services.ts';
import { NewsletterStore } from '../shared/newsletter/newsletter-store.ts';
import type { RecipientQueue } from '../shared/newsletter/send/recipient-queue.ts';
import { SubscriberPrivacy } from '../shared/newsletter/subscriber-privacy.ts';
import { SubscriberStore } from '../shared/newsletter/subscriber-store.ts';
import { SuppressionList } from '../shared/newsletter/suppression-list.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';

/** Links in a preview need a base; a preview's links are never followed. */
const PREVIEW_BASE_URL = 'https://newsletter.invalid/';

/** The newsletter key: `FEEDLINE_NEWSLETTER_SECRET` (e.g. read from Secrets Manager by ops), or the local pipeline's key file. */
export async function newsletterKeyringOf(target: CliTarget, env: Record<string, string | undefined>): Promise<NewsletterKeyring> {
  const fromEnv = env.FEEDLINE_NEWSLETTER_SECRET;
  if (fromEnv) return keyringOf(fromEnv.trim());
  if (!target.newsletter) throw new InputError('set FEEDLINE_NEWSLETTER_SECRET to the newsletter secret (the stack output NewsletterSecretArn names it)');
  try {
    return keyringOf((await readFile(target.newsletter.secretPath, 'utf8')).trim());
  } catch (error) {
    throw new InputError(`no newsletter key at ${target.newsletter.secretPath}: has this "npm start" run the newsletter? (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function newsletterStore(target: CliTarget): NewsletterStore {
  return new NewsletterStore(target.clients.documents, target.tableName);
}

export function subscriberStore(target: CliTarget): SubscriberStore {
  return new SubscriberStore(target.clients.documents, target.tableName);
}

export async function subscriberPrivacy(target: CliTarget, env: Record<string, string | undefined>): Promise<SubscriberPrivacy> {
  const { documents } = target.clients;
  return new SubscriberPrivacy(newsletterStore(target), subscriberStore(target), new SuppressionList(documents, target.tableName), new AddressProtection(await newsletterKeyringOf(target, env)));
}

export interface SendingAccess {
  mailer: Mailer;
  baseUrl: string;
}

/**
 * Everything the newsletter runs on, as the functions wire it. Recipient batches go straight to
 * the sender in this process (no queue): `newsletter send` is an operator's one-off.
 */
export async function newsletterServicesOf(target: CliTarget, env: Record<string, string | undefined>, log: EventLog, sending?: SendingAccess): Promise<NewsletterServices> {
  const site = siteOf(target);
  let services: NewsletterServices | undefined;
  const inline: RecipientQueue = {
    enqueue: async (batches) => {
      for (const batch of batches) await services?.sender.sendBatch(batch);
    },
  };
  services = createNewsletterServices({
    documents: target.clients.documents,
    tableName: target.tableName,
    site,
    keyring: await newsletterKeyringOf(target, env),
    baseUrl: sending?.baseUrl ?? PREVIEW_BASE_URL,
    mailer: sending?.mailer ?? { send: () => Promise.reject(new Error('this command sends no mail')) },
    queue: inline,
    sendRatePerSecond: Number(env.FEEDLINE_NEWSLETTER_SEND_RATE ?? 7),
    subscribeResponseFloorMs: 0,
    log,
  });
  return services;
}

function siteOf(target: CliTarget): SiteConfig {
  if (target.streamFunctionConfig) return target.streamFunctionConfig.site;
  throw new InputError("newsletters render with the deployment's site settings: pass --function <StreamFunctionName> instead of --table");
}
