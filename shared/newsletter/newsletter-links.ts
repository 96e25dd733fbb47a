import type { NewsletterRef } from './newsletter-definition.ts';
import { CONFIRM_TOKEN_LIFETIME_MS, type SignedTokenSigner } from './signed-token.ts';

/** The newsletter endpoint's paths, under its public base URL (a function URL, or a path on the distribution). */
export const NEWSLETTER_PATHS = { subscribe: 'subscribe', confirm: 'confirm', unsubscribe: 'unsubscribe' } as const;

/** Builds the signed links a mail carries; `baseUrl` ends with `/`. */
export class NewsletterLinks {
  constructor(
    private readonly baseUrl: string,
    private readonly signer: SignedTokenSigner,
  ) {}

  subscribeForm(ref: NewsletterRef): string {
    return `${this.baseUrl}${NEWSLETTER_PATHS.subscribe}?newsletter=${encodeURIComponent(`${ref.publication}/${ref.id}`)}`;
  }

  subscribeAction(): string {
    return `${this.baseUrl}${NEWSLETTER_PATHS.subscribe}`;
  }

  confirm(ref: NewsletterRef, lookupKey: string, now: Date): string {
    const token = this.signer.sign({ purpose: 'confirm', newsletter: ref, lookupKey, expiresAt: now.getTime() + CONFIRM_TOKEN_LIFETIME_MS });
    return `${this.baseUrl}${NEWSLETTER_PATHS.confirm}?token=${token}`;
  }

  unsubscribe(ref: NewsletterRef, lookupKey: string): string {
    return `${this.baseUrl}${NEWSLETTER_PATHS.unsubscribe}?token=${this.signer.sign({ purpose: 'unsubscribe', newsletter: ref, lookupKey })}`;
  }
}

/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL. */
export function listUnsubscribeHeaders(unsubscribeUrl: string): { name: string; value: string }[] {
  return [
    { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}
