import { describe, expect, it } from 'vitest';
import { keyringOf } from '../../../shared/newsletter/newsletter-keyring.ts';
import { SignedTokenSigner, TokenRejectedError, type TokenRejection } from '../../../shared/newsletter/signed-token.ts';

const keyring = keyringOf('0a'.repeat(32));
const signer = new SignedTokenSigner(keyring.token);
const newsletter = { publication: 'fa', id: 'weekly-review' };
const lookupKey = 'A'.repeat(43);
const now = new Date('2026-11-30T12:00:00Z');

function rejection(run: () => unknown): TokenRejection | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof TokenRejectedError) return error.reason;
    throw error;
  }
}

describe('signed link tokens', () => {
  it('round-trips the claims of each purpose', () => {
    const confirm = signer.sign({ purpose: 'confirm', newsletter, lookupKey, expiresAt: now.getTime() + 1000 });
    expect(signer.verify(confirm, 'confirm', now)).toEqual({ purpose: 'confirm', newsletter, lookupKey, expiresAt: now.getTime() + 1000 });
    const unsubscribe = signer.sign({ purpose: 'unsubscribe', newsletter, lookupKey });
    expect(signer.verify(unsubscribe, 'unsubscribe', new Date('2036-01-01T00:00:00Z')).newsletter).toEqual(newsletter);
  });

  it('is single-purpose', () => {
    const confirm = signer.sign({ purpose: 'confirm', newsletter, lookupKey, expiresAt: now.getTime() + 1000 });
    expect(rejection(() => signer.verify(confirm, 'unsubscribe', now))).toBe('wrong-purpose');
  });

  it('expires confirmation tokens, and refuses one without an expiry', () => {
    const confirm = signer.sign({ purpose: 'confirm', newsletter, lookupKey, expiresAt: now.getTime() });
    expect(rejection(() => signer.verify(confirm, 'confirm', now))).toBe('expired');
    expect(rejection(() => signer.verify(signer.sign({ purpose: 'confirm', newsletter, lookupKey }), 'confirm', now))).toBe('expired');
  });

  it('refuses another key, an edited payload and garbage', () => {
    const token = signer.sign({ purpose: 'unsubscribe', newsletter, lookupKey });
    const other = new SignedTokenSigner(keyringOf('0b'.repeat(32)).token);
    expect(rejection(() => other.verify(token, 'unsubscribe', now))).toBe('bad-signature');
    const [, signature] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ p: 'unsubscribe', n: 'fa/other', s: lookupKey })).toString('base64url');
    expect(rejection(() => signer.verify(`${edited}.${signature}`, 'unsubscribe', now))).toBe('bad-signature');
    expect(rejection(() => signer.verify('not-a-token', 'unsubscribe', now))).toBe('malformed');
    expect(rejection(() => signer.verify('a.b.c', 'unsubscribe', now))).toBe('malformed');
  });
});
