import * as z from '../../validation/zod-mini.ts';
import { parseNewsletterName, type NewsletterRef } from '../newsletter-definition.ts';
import { SubscriberAddressSchema } from '../address-protection.ts';

/** The form has three short fields; a body larger than this is refused unread. */
export const MAX_SUBSCRIBE_FORM_BYTES = 16 * 1024;

/**
 * What the subscribe form posts (application/x-www-form-urlencoded). No length limits here: the
 * body is bounded above, and the address and newsletter name are checked by their own schemas,
 * so an oversized field is a bad form rather than a failed request.
 */
const SubscribeFormSchema = z.object({
  email: z._default(z.string(), ''),
  newsletter: z._default(z.string(), ''),
  /** The honeypot: hidden from people, filled by bots. */
  website: z._default(z.string(), ''),
});

export type SubscribeForm =
  | { kind: 'too-large' }
  | { kind: 'unknown-newsletter' }
  | { kind: 'bot'; newsletter: NewsletterRef }
  | { kind: 'bad-address'; newsletter: NewsletterRef }
  | { kind: 'request'; newsletter: NewsletterRef; address: string };

export function parseSubscribeForm(body: string): SubscribeForm {
  if (Buffer.byteLength(body, 'utf8') > MAX_SUBSCRIBE_FORM_BYTES) return { kind: 'too-large' };
  const fields = SubscribeFormSchema.parse(Object.fromEntries(new URLSearchParams(body)));
  const newsletter = parseNewsletterName(fields.newsletter);
  if (!newsletter) return { kind: 'unknown-newsletter' };
  if (fields.website.trim() !== '') return { kind: 'bot', newsletter };
  const address = SubscriberAddressSchema.safeParse(fields.email);
  return address.success ? { kind: 'request', newsletter, address: address.data } : { kind: 'bad-address', newsletter };
}
