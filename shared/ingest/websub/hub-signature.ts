import { createHmac, timingSafeEqual } from 'node:crypto';

/** Digests a hub may sign with (WebSub section 8: sha1, sha256, sha384, sha512). */
const SIGNATURE_METHODS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

export type SignatureCheck = { valid: true; method: string } | { valid: false; reason: string };

/**
 * Checks `X-Hub-Signature: <method>=<hex>`, the HMAC of the raw body keyed with our secret
 * (WebSub section 8). The comparison is constant-time, so the signature cannot be guessed byte
 * by byte from response timings.
 *
 * @example
 * verifyHubSignature(body, 'sha256=3f…', secret); // { valid: true, method: 'sha256' }
 */
export function verifyHubSignature(body: Buffer, header: string | undefined, secret: string): SignatureCheck {
  if (header === undefined || header.trim() === '') return { valid: false, reason: 'no X-Hub-Signature header' };
  const match = /^\s*([a-z0-9]+)=([0-9a-f]+)\s*$/i.exec(header);
  if (!match) return { valid: false, reason: 'X-Hub-Signature is not <method>=<hex>' };
  const method = (match[1] ?? '').toLowerCase();
  if (!SIGNATURE_METHODS.has(method)) return { valid: false, reason: `unsupported signature method ${method}` };
  const expected = createHmac(method, secret).update(body).digest();
  const given = Buffer.from((match[2] ?? '').toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: `${method} signature does not match` };
  return { valid: true, method };
}

/** The header a hub sends; our hub double and the tests sign with it. */
export function hubSignatureOf(body: Buffer, secret: string, method = 'sha256'): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}
