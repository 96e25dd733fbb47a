import { describe, expect, it } from 'vitest';
import { blockedRangeOf, refusalOf } from '../../../shared/ingest/fetch/address-policy.ts';

/**
 * Every entry of the IANA IPv4 Special-Purpose Address Registry, with addresses at its edges and
 * the range the policy names when it refuses them. All are refused, the few marked globally
 * reachable included (AS112, AMT, the PCP and TURN anycast addresses): none is a web server.
 */
const IPV4_REGISTRY: [entry: string, addresses: string[], refusedAs: string][] = [
  ['0.0.0.0/8 this network', ['0.0.0.0', '0.255.255.255'], '"this network"'],
  ['0.0.0.0/32 this host on this network', ['0.0.0.0'], '"this network"'],
  ['10.0.0.0/8 private-use', ['10.0.0.0', '10.255.255.255'], 'private (RFC 1918)'],
  ['100.64.0.0/10 shared address space', ['100.64.0.0', '100.127.255.255'], 'shared (carrier-grade NAT)'],
  ['127.0.0.0/8 loopback', ['127.0.0.0', '127.0.0.1', '127.255.255.255'], 'loopback'],
  ['169.254.0.0/16 link-local', ['169.254.0.0', '169.254.169.254', '169.254.255.255'], 'link-local (cloud metadata)'],
  ['172.16.0.0/12 private-use', ['172.16.0.0', '172.31.255.255'], 'private (RFC 1918)'],
  ['192.0.0.0/24 IETF protocol assignments', ['192.0.0.11', '192.0.0.169', '192.0.0.172', '192.0.0.255'], 'IETF protocol assignment'],
  ['192.0.0.0/29 IPv4 service continuity prefix', ['192.0.0.0', '192.0.0.7'], 'IPv4 service continuity (DS-Lite)'],
  ['192.0.0.8/32 IPv4 dummy address', ['192.0.0.8'], 'IETF protocol assignment'],
  ['192.0.0.9/32 PCP anycast', ['192.0.0.9'], 'IETF protocol assignment'],
  ['192.0.0.10/32 TURN anycast', ['192.0.0.10'], 'IETF protocol assignment'],
  ['192.0.0.170/31 NAT64/DNS64 discovery', ['192.0.0.170', '192.0.0.171'], 'NAT64/DNS64 discovery'],
  ['192.0.2.0/24 documentation (TEST-NET-1)', ['192.0.2.0', '192.0.2.255'], 'documentation'],
  ['192.31.196.0/24 AS112-v4', ['192.31.196.0', '192.31.196.255'], 'AS112 (DNS sink)'],
  ['192.52.193.0/24 AMT', ['192.52.193.0', '192.52.193.255'], 'AMT relay anycast'],
  ['192.88.99.0/24 deprecated 6to4 relay anycast', ['192.88.99.0', '192.88.99.1', '192.88.99.255'], '6to4 relay anycast (deprecated)'],
  ['192.168.0.0/16 private-use', ['192.168.0.0', '192.168.255.255'], 'private (RFC 1918)'],
  ['192.175.48.0/24 AS112 direct delegation', ['192.175.48.0', '192.175.48.255'], 'AS112 (DNS sink)'],
  ['198.18.0.0/15 benchmarking', ['198.18.0.0', '198.19.255.255'], 'benchmarking'],
  ['198.51.100.0/24 documentation (TEST-NET-2)', ['198.51.100.0', '198.51.100.255'], 'documentation'],
  ['203.0.113.0/24 documentation (TEST-NET-3)', ['203.0.113.0', '203.0.113.255'], 'documentation'],
  ['224.0.0.0/4 multicast', ['224.0.0.0', '224.0.0.251', '239.255.255.255'], 'multicast'],
  ['240.0.0.0/4 reserved', ['240.0.0.0', '255.255.255.254'], 'reserved'],
  ['255.255.255.255/32 limited broadcast', ['255.255.255.255'], 'limited broadcast'],
];

/** The same for the IPv6 registry; entries that embed an IPv4 address are in EMBEDDED_IPV4 below. */
const IPV6_REGISTRY: [entry: string, addresses: string[], refusedAs: string][] = [
  ['::1/128 loopback', ['::1', '0:0:0:0:0:0:0:1', '[::1]'], 'loopback'],
  ['::/128 unspecified', ['::'], 'unspecified'],
  ['64:ff9b:1::/48 local-use IPv4/IPv6 translation', ['64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'], 'local-use IPv4/IPv6 translation'],
  ['100::/64 discard-only', ['100::', '100::ffff:ffff:ffff:ffff'], 'discard-only'],
  ['100:0:0:1::/64 dummy prefix', ['100:0:0:1::', '100::1:ffff:ffff:ffff:ffff'], 'dummy prefix'],
  ['2001::/23 IETF protocol assignments', ['2001:100::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001::/32 Teredo', ['2001::', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:0:ffff:ffff:ffff:ffff:ffff:ffff'], 'Teredo'],
  ['2001:1::1/128 PCP anycast', ['2001:1::1'], 'IETF protocol assignment'],
  ['2001:1::2/128 TURN anycast', ['2001:1::2'], 'IETF protocol assignment'],
  ['2001:1::3/128 DNS-SD SRP anycast', ['2001:1::3'], 'IETF protocol assignment'],
  ['2001:2::/48 benchmarking', ['2001:2::', '2001:2:0:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001:3::/32 AMT', ['2001:3::', '2001:3:ffff:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001:4:112::/48 AS112-v6', ['2001:4:112::', '2001:4:112:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001:10::/28 deprecated ORCHID', ['2001:10::', '2001:1f:ffff:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001:20::/28 ORCHIDv2', ['2001:20::', '2001:2f:ffff:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001:30::/28 drone remote ID', ['2001:30::', '2001:3f:ffff:ffff:ffff:ffff:ffff:ffff'], 'IETF protocol assignment'],
  ['2001:db8::/32 documentation', ['2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'], 'documentation'],
  ['2620:4f:8000::/48 AS112 direct delegation', ['2620:4f:8000::', '2620:4f:8000:ffff:ffff:ffff:ffff:ffff'], 'AS112 (DNS sink)'],
  ['3fff::/20 documentation', ['3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'], 'documentation'],
  ['5f00::/16 segment routing SIDs', ['5f00::', '5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'segment routing SIDs'],
  ['fc00::/7 unique-local', ['fc00::', 'fd12:3456::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'unique-local'],
  ['fe80::/10 link-local', ['fe80::', 'fe80::1%eth0', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'link-local'],
  ['fec0::/10 site-local (deprecated)', ['fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'site-local'],
  ['ff00::/8 multicast', ['ff00::', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'multicast'],
];

/**
 * IPv6 forms that carry an IPv4 address. Where the IPv4 address is what the socket reaches
 * (mapped, NAT64's well-known prefix, 6to4), it is judged; the other forms are refused whole.
 */
const EMBEDDED_IPV4: [form: string, address: string, refusedAs: string | undefined][] = [
  ['IPv4-mapped', '::ffff:127.0.0.1', 'loopback'],
  ['IPv4-mapped', '::ffff:7f00:1', 'loopback'],
  ['IPv4-mapped', '::ffff:169.254.169.254', 'link-local (cloud metadata)'],
  ['IPv4-mapped', '::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
  ['IPv4-mapped', '::ffff:10.1.2.3', 'private (RFC 1918)'],
  ['IPv4-mapped', '::ffff:0.0.0.0', '"this network"'],
  ['IPv4-mapped', '::ffff:192.0.0.170', 'NAT64/DNS64 discovery'],
  ['IPv4-mapped', '::ffff:255.255.255.255', 'limited broadcast'],
  ['IPv4-mapped', '::ffff:8.8.8.8', undefined],
  ['IPv4-compatible (deprecated)', '::127.0.0.1', 'IPv4-compatible (deprecated)'],
  ['IPv4-compatible (deprecated)', '::7f00:1', 'IPv4-compatible (deprecated)'],
  ['IPv4-compatible (deprecated)', '::169.254.169.254', 'IPv4-compatible (deprecated)'],
  ['IPv4-compatible (deprecated)', '::8.8.8.8', 'IPv4-compatible (deprecated)'],
  ['IPv4-translated', '::ffff:0:127.0.0.1', 'IPv4-translated (SIIT)'],
  ['IPv4-translated', '::ffff:0:7f00:1', 'IPv4-translated (SIIT)'],
  ['IPv4-translated', '::ffff:0:8.8.8.8', 'IPv4-translated (SIIT)'],
  ['NAT64 64:ff9b::/96', '64:ff9b::127.0.0.1', 'loopback'],
  ['NAT64 64:ff9b::/96', '64:ff9b::7f00:1', 'loopback'],
  ['NAT64 64:ff9b::/96', '64:ff9b::a9fe:a9fe', 'link-local (cloud metadata)'],
  ['NAT64 64:ff9b::/96', '64:ff9b::192.168.0.1', 'private (RFC 1918)'],
  ['NAT64 64:ff9b::/96', '64:ff9b::192.88.99.1', '6to4 relay anycast (deprecated)'],
  ['NAT64 64:ff9b::/96', '64:ff9b::8.8.8.8', undefined],
  ['local-use NAT64 64:ff9b:1::/48', '64:ff9b:1::7f00:1', 'local-use IPv4/IPv6 translation'],
  ['local-use NAT64 64:ff9b:1::/48', '64:ff9b:1:ff::8.8.8.8', 'local-use IPv4/IPv6 translation'],
  ['6to4 2002::/16', '2002:7f00:1::1', 'loopback'],
  ['6to4 2002::/16', '2002:a9fe:a9fe::1', 'link-local (cloud metadata)'],
  ['6to4 2002::/16', '2002:c0a8:101::', 'private (RFC 1918)'],
  ['6to4 2002::/16', '2002:808:808::1', undefined],
];

/** Just outside the edges of the ranges above: public, so a prefix one bit too short would show. */
const PUBLIC_NEIGHBOURS = [
  '1.0.0.0',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.0',
  '192.0.3.0',
  '192.31.195.255',
  '192.31.197.0',
  '192.52.192.255',
  '192.52.194.0',
  '192.88.98.255',
  '192.88.100.0',
  '192.167.255.255',
  '192.169.0.0',
  '192.175.47.255',
  '192.175.49.0',
  '198.17.255.255',
  '198.20.0.0',
  '198.51.99.255',
  '198.51.101.0',
  '203.0.112.255',
  '203.0.114.0',
  '223.255.255.255',
  '8.8.8.8',
  '93.184.215.14',
  '2001:200::',
  '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
  '2001:db9::',
  '2620:4f:7fff:ffff:ffff:ffff:ffff:ffff',
  '2620:4f:8001::',
  '3fff:1000::',
  '2a00:1450:4001:80b::200e',
  '2606:4700::6810:84e5',
];

describe('address policy: which addresses the poller may connect to', () => {
  describe.each(IPV4_REGISTRY)('IANA IPv4 special-purpose %s', (_entry, addresses, refusedAs) => {
    it.each(addresses)(`refuses %s as ${refusedAs}`, (address) => {
      expect(blockedRangeOf(address)).toBe(refusedAs);
    });
  });

  describe.each(IPV6_REGISTRY)('IANA IPv6 special-purpose %s', (_entry, addresses, refusedAs) => {
    it.each(addresses)(`refuses %s as ${refusedAs}`, (address) => {
      expect(blockedRangeOf(address)).toBe(refusedAs);
    });
  });

  it.each(EMBEDDED_IPV4)('%s: %s is judged %s', (_form, address, refusedAs) => {
    expect(blockedRangeOf(address)).toBe(refusedAs);
  });

  it.each(PUBLIC_NEIGHBOURS)('allows public %s', (address) => {
    expect(blockedRangeOf(address)).toBeUndefined();
  });

  it.each(['1::1', '1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '4000::1', 'e000::1'])('refuses IPv6 %s: outside global unicast 2000::/3, named by no registry entry yet', (address) => {
    expect(blockedRangeOf(address)).toBe('reserved (outside global unicast 2000::/3)');
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
    // The allowlist is exact: an IPv6 spelling of the allowed address is judged on its own.
    expect(refusalOf(fixtureOnly, '::127.0.0.1')).toBe('IPv4-compatible (deprecated)');
  });
});
