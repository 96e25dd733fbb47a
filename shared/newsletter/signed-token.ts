import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../validation/zod-mini.ts';
import { newsletterName, parseNewsletterName, type NewsletterRef } from './newsletter-definition.ts';

/** A token does one thing: a confirmation link cannot unsubscribe, nor the reverse. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

/**
 * Confirmation links expire (a stale link in an old inbox must not subscribe anyone); unsubscribe
 * links do not, because RFC 8058 clients keep the List-Unsubscribe URL of any mail a reader still
 * has, and unsubscribing must work from all of them.
 */
export const CONFIRM_TOKEN_LIFETIME_MS = 48 * 60 * 60 * 1000;

export interface TokenClaims {
  purpose: TokenPurpose;
  newsletter: NewsletterRef;
  lookupKey: string;
  /** Epoch milliseconds; absent for unsubscribe tokens. */
  expiresAt?: number;
}

const PayloadSchema = z.object({
  p: z.enum(['confirm', 'unsubscribe']),
  n: z.string(),
  s: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
  e: z.optional(z.int()),
});

export type TokenRejection = 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired';

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(readonly reason: TokenRejection) {
    super(`link token rejected: ${reason}`);
  }
}

/** `<payload>.<signature>`, both base64url; the signature is HMAC-SHA256 over a purpose-tagged payload. */
export class SignedTokenSigner {
  constructor(private readonly key: Buffer) {}

  sign(claims: TokenClaims): string {
    const payload = Buffer.from(
      JSON.stringify({ p: claims.purpose, n: newsletterName(claims.newsletter), s: claims.lookupKey, ...(claims.expiresAt === undefined ? {} : { e: claims.expiresAt }) }),
    ).toString('base64url');
    return `${payload}.${this.signatureOf(payload)}`;
  }

  /** The claims of a genuine, unexpired token for `purpose`; throws `TokenRejectedError` otherwise. */
  verify(token: string, purpose: TokenPurpose, now: Date): TokenClaims {
    const [payload = '', signature = '', ...rest] = token.split('.');
    if (rest.length > 0 || payload === '' || signature === '') throw new TokenRejectedError('malformed');
    const expected = Buffer.from(this.signatureOf(payload), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenRejectedError('bad-signature');
    const claims = claimsOf(payload);
    if (claims.purpose !== purpose) throw new TokenRejectedError('wrong-purpose');
    if (claims.purpose === 'confirm' && (claims.expiresAt === undefined || claims.expiresAt <= now.getTime())) throw new TokenRejectedError('expired');
    return claims;
  }

  private signatureOf(payload: string): string {
    return createHmac('sha256', this.key).update(`feedline-newsletter-token.${payload}`).digest('base64url');
  }
}

function claimsOf(payload: string): TokenClaims {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejectedError('malformed');
  }
  const parsed = PayloadSchema.safeParse(json);
  const newsletter = parsed.success ? parseNewsletterName(parsed.data.n) : undefined;
  if (!parsed.success || !newsletter) throw new TokenRejectedError('malformed');
  return { purpose: parsed.data.p, newsletter, lookupKey: parsed.data.s, ...(parsed.data.e === undefined ? {} : { expiresAt: parsed.data.e }) };
}
