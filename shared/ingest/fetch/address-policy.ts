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

/** RFC 6890 special-purpose ranges that never hold a partner's public feed server. */
const BLOCKED_RANGES: BlockedRange[] = [
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', name: '"this network"' },
  { network: '10.0.0.0', prefix: 8, family: 'ipv4', name: 'private (RFC 1918)' },
  { network: '100.64.0.0', prefix: 10, family: 'ipv4', name: 'shared (carrier-grade NAT)' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', name: 'loopback' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', name: 'link-local (cloud metadata)' },
  { network: '172.16.0.0', prefix: 12, family: 'ipv4', name: 'private (RFC 1918)' },
  { network: '192.0.0.0', prefix: 24, family: 'ipv4', name: 'IETF protocol assignment' },
  { network: '192.0.2.0', prefix: 24, family: 'ipv4', name: 'documentation' },
  { network: '192.168.0.0', prefix: 16, family: 'ipv4', name: 'private (RFC 1918)' },
  { network: '198.18.0.0', prefix: 15, family: 'ipv4', name: 'benchmarking' },
  { network: '198.51.100.0', prefix: 24, family: 'ipv4', name: 'documentation' },
  { network: '203.0.113.0', prefix: 24, family: 'ipv4', name: 'documentation' },
  { network: '224.0.0.0', prefix: 4, family: 'ipv4', name: 'multicast' },
  { network: '240.0.0.0', prefix: 4, family: 'ipv4', name: 'reserved' },
  { network: '::', prefix: 128, family: 'ipv6', name: 'unspecified' },
  { network: '::1', prefix: 128, family: 'ipv6', name: 'loopback' },
  { network: '100::', prefix: 64, family: 'ipv6', name: 'discard-only' },
  { network: '2001:db8::', prefix: 32, family: 'ipv6', name: 'documentation' },
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

/**
 * The blocked range an address falls in, or undefined for a public address. IPv6 forms that embed
 * an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by
 * the IPv4 address inside, so `::ffff:169.254.169.254` is caught like the plain form.
 */
export function blockedRangeOf(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'malformed';
  if (family === 6) {
    const embedded = embeddedIpv4(bare);
    if (embedded !== undefined) return blockedRangeOf(embedded);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return BLOCK_LISTS.find(({ list, range }) => range.family === type && list.check(bare, type))?.range.name;
}

/** Whether the policy lets the poller connect to this address; returns the reason when it does not. */
export function refusalOf(policy: AddressPolicy, address: string): string | undefined {
  if (policy.allowPrivateNetworks) return undefined;
  if (policy.allowedAddresses?.includes(address.replace(/^\[|\]$/g, ''))) return undefined;
  return blockedRangeOf(address);
}

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
