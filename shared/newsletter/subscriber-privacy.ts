import type { AddressProtection } from './address-protection.ts';
import { newsletterName } from './newsletter-definition.ts';
import type { NewsletterStore } from './newsletter-store.ts';
import type { SubscriberRecord, SubscriberStore } from './subscriber-store.ts';
import type { Suppression, SuppressionList } from './suppression-list.ts';

/** Everything held about one address, as `newsletter export` prints it. */
export interface SubscriberExport {
  address: string;
  lookupKey: string;
  subscriptions: (Omit<SubscriberRecord, 'encryptedAddress' | 'lookupKey'> & { newsletter: string; addressStored: boolean })[];
  suppression?: Omit<Suppression, 'lookupKey'>;
}

/**
 * Access and erasure per address (GDPR articles 15 and 17). Delivery-ledger entries hold only
 * the lookup key and expire on their own (30 days); rate counters within two hours.
 */
export class SubscriberPrivacy {
  constructor(
    private readonly newsletters: NewsletterStore,
    private readonly subscribers: SubscriberStore,
    private readonly suppressions: SuppressionList,
    private readonly protection: AddressProtection,
  ) {}

  async export(address: string): Promise<SubscriberExport> {
    const lookupKey = this.protection.lookupKey(address);
    const subscriptions: SubscriberExport['subscriptions'] = [];
    for (const newsletter of await this.newsletters.listAll()) {
      const record = await this.subscribers.get(newsletter, lookupKey);
      if (!record) continue;
      const { encryptedAddress, lookupKey: _key, ...rest } = record;
      subscriptions.push({ newsletter: newsletterName(newsletter), addressStored: encryptedAddress !== undefined, ...rest });
    }
    const suppression = await this.suppressions.get(lookupKey);
    return { address, lookupKey, subscriptions, ...(suppression ? { suppression: { reason: suppression.reason, at: suppression.at } } : {}) };
  }

  /**
   * Erases every subscription of the address. The suppression entry is erased too only when
   * asked: keeping it (it holds no address, only the keyed hash) is what stops mail to someone
   * who complained, and is itself a legitimate interest.
   */
  async forget(address: string, options: { includingSuppression: boolean }): Promise<{ subscriptions: number; suppression: boolean }> {
    const lookupKey = this.protection.lookupKey(address);
    let subscriptions = 0;
    for (const newsletter of await this.newsletters.listAll()) {
      if (!(await this.subscribers.get(newsletter, lookupKey))) continue;
      await this.subscribers.erase(newsletter, lookupKey);
      subscriptions += 1;
    }
    const suppressed = (await this.suppressions.get(lookupKey)) !== undefined;
    if (suppressed && options.includingSuppression) await this.suppressions.remove(lookupKey);
    return { subscriptions, suppression: suppressed && options.includingSuppression };
  }
}
