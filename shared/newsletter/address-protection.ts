import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import * as z from '../validation/zod-mini.ts';
import type { NewsletterKeyring } from './newsletter-keyring.ts';

/**
 * zod's own e-mail pattern, except that the top-level domain may be an IDN one in ASCII form
 * (`xn--p1ai` for `рф`), which zod's letters-only rule refuses.
 */
const MAILBOX_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/;

/**
 * What a form or the CLI accepts as an address; SES's own limit is 320 characters. A domain in
 * another script (`пример.рф`) is taken in its ASCII form, which SES sends to; SES refuses a local
 * part outside ASCII, and so does this.
 */
export const SubscriberAddressSchema = z.pipe(
  z.pipe(z.string().check(z.trim()), z.transform(withAsciiDomain)),
  z.email({ pattern: MAILBOX_PATTERN, message: 'must be an e-mail address' }).check(z.maxLength(254, 'must be at most 254 characters')),
);

/** `ivan@xn--e1afmkfd.xn--p1ai` for `ivan@пример.рф`; an ASCII domain is left as it is. */
function withAsciiDomain(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  if (at < 0 || /^[\x00-\x7F]*$/.test(domain)) return address;
  return `${address.slice(0, at)}@${domainToASCII(domain)}`;
}

/**
 * One spelling per mailbox: Unicode NFC, trimmed, the domain in ASCII, lower case. RFC 5321 lets the local part be
 * case-sensitive, but no mainstream provider treats it so, and a reader who typed `Ana@` once and
 * `ana@` later must not be two subscribers.
 */
export function normaliseAddress(address: string): string {
  return withAsciiDomain(address.normalize('NFC').trim()).toLowerCase();
}

/** `an***@ex***.org`: enough for ops to tell two log lines apart, never enough to write to. */
export function maskAddress(address: string): string {
  const [local = '', domain = ''] = normaliseAddress(address).split('@');
  const labels = domain.split('.');
  const top = labels.length > 1 ? `.${labels.at(-1)}` : '';
  return `${local.slice(0, 2)}***@${(labels[0] ?? '').slice(0, 2)}***${top}`;
}

/**
 * Addresses are stored encrypted and found by a keyed hash: the table (and its backups and
 * stream) holds no readable address, and a leaked table cannot be matched against a list of
 * known addresses without the lookup key, which a plain SHA-256 would allow.
 */
export class AddressProtection {
  constructor(private readonly keys: NewsletterKeyring) {}

  /** HMAC-SHA256 of the normalised address, base64url: the subscriber's id in every key. */
  lookupKey(address: string): string {
    return createHmac('sha256', this.keys.lookup).update(normaliseAddress(address)).digest('base64url');
  }

  /** HMAC of any other personal value kept only to count (a client IP in a rate counter). */
  hashed(value: string): string {
    return createHmac('sha256', this.keys.lookup).update(`other:${value}`).digest('base64url').slice(0, 32);
  }

  /** AES-256-GCM with a random IV; the lookup key is authenticated data, so a ciphertext moved to another item does not decrypt. */
  encrypt(address: string): string {
    const normalised = normaliseAddress(address);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.address, iv);
    cipher.setAAD(Buffer.from(this.lookupKey(normalised)));
    const body = Buffer.concat([cipher.update(normalised, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(stored: string, lookupKey: string): string {
    const [version, iv = '', body = '', tag = ''] = stored.split('.');
    if (version !== 'v1') throw new AddressDecryptionError(`unknown address encoding ${version}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keys.address, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(lookupKey));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new AddressDecryptionError('a stored address did not decrypt: wrong key or tampered item', { cause: error });
    }
  }
}

export class AddressDecryptionError extends Error {
  override readonly name = 'AddressDecryptionError';
}
