import { hkdfSync } from 'node:crypto';

/**
 * The three keys the newsletter needs, each derived (HKDF-SHA256) from one 32-byte secret so ops
 * keep one secret: a compromise of one purpose's key must not let it serve another, hence
 * separate derivations rather than one key used three ways.
 *
 * Where the secret lives: in AWS a Secrets Manager secret the stack generates, read through the
 * Parameters and Secrets Lambda extension; under `npm start` a random key written once into
 * `.feedline/newsletter-key`; in tests a fixed one.
 */
export interface NewsletterKeyring {
  /** HMAC key of the address lookup keys. */
  lookup: Buffer;
  /** AES-256-GCM key of the stored addresses. */
  address: Buffer;
  /** HMAC key of confirmation and unsubscribe tokens. */
  token: Buffer;
}

export class NewsletterSecretError extends Error {
  override readonly name = 'NewsletterSecretError';
}

/** `secretHex`: 64 hexadecimal digits (32 random bytes). */
export function keyringOf(secretHex: string): NewsletterKeyring {
  if (!/^[0-9a-f]{64}$/i.test(secretHex)) throw new NewsletterSecretError('the newsletter secret must be 64 hexadecimal digits (32 bytes)');
  const secret = Buffer.from(secretHex, 'hex');
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `feedline-newsletter/${purpose}`, 32));
  return { lookup: derive('lookup'), address: derive('address'), token: derive('token') };
}
