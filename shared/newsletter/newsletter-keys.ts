import { newsletterKey, NETWORK_PK } from '../publication/publication-settings.ts';
import type { NewsletterRef } from './newsletter-definition.ts';

/**
 * Every newsletter item lives in the posts table beside the feeds (one table, one backup, one
 * stream filter that passes only `sk = POST`). None of these partition keys starts with `POST#`,
 * `FEED#` or `ARCHIVE#`, so the rebuild scan, the reconciler and the stream handler pass them by.
 *
 * | item                | pk                                 | sk                          |
 * | ------------------- | ---------------------------------- | --------------------------- |
 * | definition + cursor | `NETWORK`                          | `NEWSLETTER#<pub>#<id>`     |
 * | subscriber          | `NLSUB#<pub>#<id>`                 | `<lookup key>`              |
 * | planned digest      | `DIGEST#<pub>#<id>`                | `<slot ISO instant>`        |
 * | delivery (ledger)   | `DELIVERY#<pub>#<id>#<slot>`       | `<lookup key>`              |
 * | suppression         | `SUPPRESSION#<lookup key>`         | `SUPPRESSION`               |
 * | rate counter        | `RATE#<scope>#<hashed key>`        | `<window start ISO>`        |
 *
 * A lookup key is an HMAC of the normalised address (see `address-protection.ts`): items are
 * found by address without the address being readable in a key.
 */
export { NETWORK_PK };

export const NEWSLETTER_SK_PREFIX = 'NEWSLETTER#';

export function definitionKey(ref: NewsletterRef): { pk: string; sk: string } {
  return newsletterKey(ref.publication, ref.id);
}

export function subscriberKey(ref: NewsletterRef, lookupKey: string): { pk: string; sk: string } {
  return { pk: subscriberPartition(ref), sk: lookupKey };
}

export function subscriberPartition(ref: NewsletterRef): string {
  return `NLSUB#${ref.publication}#${ref.id}`;
}

export function digestKey(ref: NewsletterRef, slot: string): { pk: string; sk: string } {
  return { pk: `DIGEST#${ref.publication}#${ref.id}`, sk: slot };
}

export function deliveryKey(ref: NewsletterRef, slot: string, lookupKey: string): { pk: string; sk: string } {
  return { pk: `DELIVERY#${ref.publication}#${ref.id}#${slot}`, sk: lookupKey };
}

export function suppressionKey(lookupKey: string): { pk: string; sk: string } {
  return { pk: `SUPPRESSION#${lookupKey}`, sk: 'SUPPRESSION' };
}

export function rateCounterKey(scope: string, hashedKey: string, windowStart: string): { pk: string; sk: string } {
  return { pk: `RATE#${scope}#${hashedKey}`, sk: windowStart };
}
