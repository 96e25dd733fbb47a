import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { refusalOf, type AddressPolicy } from './address-policy.ts';
import { BlockedAddressError } from './fetch-errors.ts';

/** Resolves a host name to every address it has; injectable so tests can simulate DNS. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export interface GuardedConnectorOptions {
  policy: AddressPolicy;
  resolver?: HostResolver;
  connectTimeoutMs: number;
}

/**
 * An undici connector that enforces the address policy where it cannot be bypassed: after DNS
 * resolution and before the TCP connection. Checking the URL's host name up front would miss DNS
 * rebinding (the name resolves to a public address for the check and to 169.254.169.254 for the
 * connection) and redirects to internal hosts; here every connection of every hop is checked.
 *
 * Three layers: an IP-literal host is refused before connecting (Node skips the lookup for
 * literals); a name's resolved addresses are filtered by the policy and only allowed ones are
 * handed to the socket; the connected socket's peer address is checked once more.
 */
export function guardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const lookup = guardedLookup(options.policy, options.resolver ?? systemResolver);
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup });
  return (connectOptions, callback) => {
    const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) {
      const refusal = refusalOf(options.policy, host);
      if (refusal) return callback(new BlockedAddressError(host, host, refusal), null);
    }
    connect(connectOptions, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('connector returned no socket'), null);
      const peer = socket.remoteAddress;
      const refusal = peer === undefined ? 'unknown' : refusalOf(options.policy, peer);
      if (refusal) {
        socket.destroy();
        return callback(new BlockedAddressError(host, peer ?? '(unknown)', refusal), null);
      }
      callback(null, socket);
    });
  };
}

function guardedLookup(policy: AddressPolicy, resolver: HostResolver): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const allowed = addresses.filter((entry) => refusalOf(policy, entry.address) === undefined);
        const first = addresses[0];
        if (allowed.length === 0) {
          const error = first
            ? new BlockedAddressError(hostname, first.address, refusalOf(policy, first.address) ?? 'blocked')
            : Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' });
          return callback(error as NodeJS.ErrnoException, '', 4);
        }
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? allowed.filter((entry) => entry.family === lookupOptions.family) : allowed;
        const usable = wanted.length > 0 ? wanted : allowed;
        if (lookupOptions.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable);
        const chosen = usable[0] as LookupAddress;
        callback(null, chosen.address, chosen.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

export interface GuardedAgentOptions {
  policy: AddressPolicy;
  resolver?: HostResolver;
  /** Bounds the connection, the response headers and each pause in the body alike. */
  timeoutMs: number;
  /** How long an idle connection is kept for the next request to the same origin. */
  keepAliveTimeoutMs?: number;
}

/** An undici dispatcher whose every connection goes through `guardedConnector`, bounded in time. */
export function guardedAgent(options: GuardedAgentOptions): Agent {
  return new Agent({
    connect: guardedConnector({ policy: options.policy, resolver: options.resolver, connectTimeoutMs: options.timeoutMs }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    ...(options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
  });
}
