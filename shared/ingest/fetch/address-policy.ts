import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the poller may connect to. A subscription URL is input from outside, and the
 * poller runs inside the cloud account: without this, `http://169.254.169.254/` (the instance
 * metadata service) or an internal admin endpoint would be one `sub add` away (SSRF).
 */
export interface AddressPolicy {
  /**
   * Allow every address, private ranges included. Only for local development and tests, where
   * the feeds are served on 127.0.0.1; never the default.
   */
  allowPrivateNetworks: boolean;
  /** Exact addresses allowed even though they are in a blocked range (tests: the fixture server). */
  allowedAddresses?: readonly string[];
}

export const STRICT_ADDRESS_POLICY: AddressPolicy = { allowPrivateNetworks: false };

interface BlockedRange {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  name: string;
}

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and later), every entry, in
 * the order checked: a sub-entry comes before the entry that holds it, so it is named precisely.
 * Even the entries marked globally reachable (AS112, AMT, PCP and TURN anycast) are refused: they
 * are DNS sinks and protocol relays, never a partner's web server, so one rule covers the lot.
 */
const BLOCKED_RANGES: BlockedRange[] = [
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', name: '"this network"' },
  { network: '10.0.0.0', prefix: 8, family: 'ipv4', name: 'private (RFC 1918)' },
  { network: '100.64.0.0', prefix: 10, family: 'ipv4', name: 'shared (carrier-grade NAT)' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', name: 'loopback' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', name: 'link-local (cloud metadata)' },
  { network: '172.16.0.0', prefix: 12, family: 'ipv4', name: 'private (RFC 1918)' },
  { network: '192.0.0.0', prefix: 29, family: 'ipv4', name: 'IPv4 service continuity (DS-Lite)' },
  { network: '192.0.0.170', prefix: 31, family: 'ipv4', name: 'NAT64/DNS64 discovery' },
  { network: '192.0.0.0', prefix: 24, family: 'ipv4', name: 'IETF protocol assignment' },
  { network: '192.0.2.0', prefix: 24, family: 'ipv4', name: 'documentation' },
  { network: '192.31.196.0', prefix: 24, family: 'ipv4', name: 'AS112 (DNS sink)' },
  { network: '192.52.193.0', prefix: 24, family: 'ipv4', name: 'AMT relay anycast' },
  { network: '192.88.99.0', prefix: 24, family: 'ipv4', name: '6to4 relay anycast (deprecated)' },
  { network: '192.168.0.0', prefix: 16, family: 'ipv4', name: 'private (RFC 1918)' },
  { network: '192.175.48.0', prefix: 24, family: 'ipv4', name: 'AS112 (DNS sink)' },
  { network: '198.18.0.0', prefix: 15, family: 'ipv4', name: 'benchmarking' },
  { network: '198.51.100.0', prefix: 24, family: 'ipv4', name: 'documentation' },
  { network: '203.0.113.0', prefix: 24, family: 'ipv4', name: 'documentation' },
  { network: '224.0.0.0', prefix: 4, family: 'ipv4', name: 'multicast' },
  { network: '255.255.255.255', prefix: 32, family: 'ipv4', name: 'limited broadcast' },
  { network: '240.0.0.0', prefix: 4, family: 'ipv4', name: 'reserved' },
  { network: '::', prefix: 128, family: 'ipv6', name: 'unspecified' },
  { network: '::1', prefix: 128, family: 'ipv6', name: 'loopback' },
  // ::a.b.c.d (RFC 4291 section 2.5.5.1) and ::ffff:0:a.b.c.d (RFC 2765): deprecated or
  // translator-internal forms no public server has, so they are refused whatever they embed.
  { network: '::', prefix: 96, family: 'ipv6', name: 'IPv4-compatible (deprecated)' },
  { network: '::ffff:0:0:0', prefix: 96, family: 'ipv6', name: 'IPv4-translated (SIIT)' },
  // RFC 8215: the IPv4 addresses behind a local-use NAT64 prefix are the operator's, not the internet's.
  { network: '64:ff9b:1::', prefix: 48, family: 'ipv6', name: 'local-use IPv4/IPv6 translation' },
  { network: '100::', prefix: 64, family: 'ipv6', name: 'discard-only' },
  { network: '100:0:0:1::', prefix: 64, family: 'ipv6', name: 'dummy prefix' },
  { network: '2001::', prefix: 32, family: 'ipv6', name: 'Teredo' },
  { network: '2001::', prefix: 23, family: 'ipv6', name: 'IETF protocol assignment' },
  { network: '2001:db8::', prefix: 32, family: 'ipv6', name: 'documentation' },
  { network: '2620:4f:8000::', prefix: 48, family: 'ipv6', name: 'AS112 (DNS sink)' },
  { network: '3fff::', prefix: 20, family: 'ipv6', name: 'documentation' },
  { network: '5f00::', prefix: 16, family: 'ipv6', name: 'segment routing SIDs' },
  { network: 'fc00::', prefix: 7, family: 'ipv6', name: 'unique-local' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', name: 'link-local' },
  { network: 'fec0::', prefix: 10, family: 'ipv6', name: 'site-local' },
  { network: 'ff00::', prefix: 8, family: 'ipv6', name: 'multicast' },
];

const BLOCK_LISTS = BLOCKED_RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, range.family);
  return { list, range };
});

/** IANA allocates public IPv6 only from 2000::/3; the rest is reserved, whether a registry names it yet or not. */
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/**
 * The blocked range an address falls in, or undefined for a public address. IPv6 forms whose
 * embedded IPv4 address is what the socket reaches (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) are judged by that IPv4 address, so `::ffff:169.254.169.254` is caught like the
 * plain form and `64:ff9b::` in front of a public address still works behind a NAT64 gateway.
 */
export function blockedRangeOf(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'malformed';
  if (family === 4) return blockedRangeIn('ipv4', bare);
  const embedded = embeddedIpv4(bare);
  if (embedded !== undefined) return blockedRangeOf(embedded);
  return blockedRangeIn('ipv6', bare) ?? (GLOBAL_UNICAST.check(bare, 'ipv6') ? undefined : 'reserved (outside global unicast 2000::/3)');
}

function blockedRangeIn(family: 'ipv4' | 'ipv6', address: string): string | undefined {
  return BLOCK_LISTS.find(({ list, range }) => range.family === family && list.check(address, family))?.range.name;
}

/** Whether the policy lets the poller connect to this address; returns the reason when it does not. */
export function refusalOf(policy: AddressPolicy, address: string): string | undefined {
  if (policy.allowPrivateNetworks) return undefined;
  if (policy.allowedAddresses?.includes(address.replace(/^\[|\]$/g, ''))) return undefined;
  return blockedRangeOf(address);
}

/** The IPv4 address a mapped, well-known-prefix NAT64 or 6to4 address reaches; undefined for other forms. */
function embeddedIpv4(ipv6: string): string | undefined {
  const words = expandIpv6(ipv6);
  if (words === undefined) return undefined;
  const isMapped = words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff;
  const isNat64 = words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((word) => word === 0);
  if (isMapped || isNat64) return ipv4Of(words[6] ?? 0, words[7] ?? 0);
  if (words[0] === 0x2002) return ipv4Of(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit words of an IPv6 address (dotted IPv4 tails included). */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headWords.length - tailWords.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...headWords, ...Array<string>(missing).fill('0'), ...tailWords].map((word) => parseInt(word, 16));
}
