import { describe, expect, it } from 'vitest';
import { blockedRangeOf, refusalOf } from '../../../shared/ingest/fetch/address-policy.ts';

describe('address policy: which addresses the poller may connect to', () => {
  it.each([
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['169.254.0.1', 'link-local (cloud metadata)'],
    ['127.0.0.1', 'loopback'],
    ['127.5.5.5', 'loopback'],
    ['10.0.0.5', 'private (RFC 1918)'],
    ['172.16.0.1', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['0.0.0.0', '"this network"'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['::ffff:10.1.2.3', 'private (RFC 1918)'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local (cloud metadata)'],
    ['[::1]', 'loopback'],
  ])('blocks %s (%s)', (address, range) => {
    expect(blockedRangeOf(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2a00:1450:4001:80b::200e', '2606:4700::6810:84e5'])('allows public %s', (address) => {
    expect(blockedRangeOf(address)).toBeUndefined();
  });

  it('treats anything that is not an address as blocked', () => {
    expect(blockedRangeOf('localhost')).toBe('malformed');
  });

  it('allows everything only with the explicit switch, and single addresses by allowlist', () => {
    expect(refusalOf({ allowPrivateNetworks: false }, '127.0.0.1')).toBe('loopback');
    expect(refusalOf({ allowPrivateNetworks: true }, '169.254.169.254')).toBeUndefined();
    const fixtureOnly = { allowPrivateNetworks: false, allowedAddresses: ['127.0.0.1'] };
    expect(refusalOf(fixtureOnly, '127.0.0.1')).toBeUndefined();
    expect(refusalOf(fixtureOnly, '169.254.169.254')).toBe('link-local (cloud metadata)');
    expect(refusalOf(fixtureOnly, '127.0.0.2')).toBe('loopback');
  });
});
