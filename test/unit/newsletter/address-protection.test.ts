import { describe, expect, it } from 'vitest';
import { AddressDecryptionError, AddressProtection, maskAddress, SubscriberAddressSchema } from '../../../shared/newsletter/address-protection.ts';
import { keyringOf } from '../../../shared/newsletter/newsletter-keyring.ts';

const protection = new AddressProtection(keyringOf('1c'.repeat(32)));

describe('address protection', () => {
  it('finds one mailbox under every spelling, and nothing readable in the key', () => {
    const key = protection.lookupKey('Gulnara.A@Example.ORG ');
    expect(protection.lookupKey('gulnara.a@example.org')).toBe(key);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('gulnara');
    expect(new AddressProtection(keyringOf('1d'.repeat(32))).lookupKey('gulnara.a@example.org')).not.toBe(key);
  });

  it('encrypts with a fresh IV each time and decrypts only in its own item', () => {
    const first = protection.encrypt('gulnara.a@example.org');
    const second = protection.encrypt('gulnara.a@example.org');
    expect(first).not.toBe(second);
    expect(first).not.toContain('gulnara');
    const key = protection.lookupKey('gulnara.a@example.org');
    expect(protection.decrypt(first, key)).toBe('gulnara.a@example.org');
    expect(() => protection.decrypt(first, protection.lookupKey('someone@example.org'))).toThrow(AddressDecryptionError);
    expect(() => new AddressProtection(keyringOf('1d'.repeat(32))).decrypt(first, key)).toThrow(AddressDecryptionError);
  });

  it('takes an address at an internationalised domain, in the ASCII form SES sends to', () => {
    expect(SubscriberAddressSchema.parse('ivan@пример.рф')).toBe('ivan@xn--e1afmkfd.xn--p1ai');
    expect(protection.lookupKey('ivan@пример.рф')).toBe(protection.lookupKey('ivan@xn--e1afmkfd.xn--p1ai'));
    expect(SubscriberAddressSchema.safeParse('ivan@-bad-.рф').success).toBe(false);
    expect(SubscriberAddressSchema.safeParse(`ivan@${'д'.repeat(240)}.рф`).success).toBe(false);
  });

  it('masks addresses for logs', () => {
    expect(maskAddress('Gulnara.A@example.org')).toBe('gu***@ex***.org');
    expect(maskAddress('x@localhost')).toBe('x***@lo***');
  });
});
