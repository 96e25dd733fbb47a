import * as z from '../../validation/zod-mini.ts';
import { parseNewsletterName, type NewsletterRef } from '../newsletter-definition.ts';
import { SubscriberAddressSchema } from '../address-protection.ts';

/** What the subscribe form posts (application/x-www-form-urlencoded). */
const SubscribeFormSchema = z.object({
  email: z._default(z.string().check(z.maxLength(1_000)), ''),
  newsletter: z._default(z.string().check(z.maxLength(200)), ''),
  /** The honeypot: hidden from people, filled by bots. */
  website: z._default(z.string().check(z.maxLength(1_000)), ''),
});

export type SubscribeForm =
  | { kind: 'bot' }
  | { kind: 'unknown-newsletter' }
  | { kind: 'bad-address'; newsletter: NewsletterRef }
  | { kind: 'request'; newsletter: NewsletterRef; address: string };

export function parseSubscribeForm(body: string): SubscribeForm {
  const fields = SubscribeFormSchema.parse(Object.fromEntries(new URLSearchParams(body)));
  if (fields.website.trim() !== '') return { kind: 'bot' };
  const newsletter = parseNewsletterName(fields.newsletter);
  if (!newsletter) return { kind: 'unknown-newsletter' };
  const address = SubscriberAddressSchema.safeParse(fields.email);
  return address.success ? { kind: 'request', newsletter, address: address.data } : { kind: 'bad-address', newsletter };
}
