import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, type LookupFunction, type NetConnectOpts, type Socket } from 'node:net';
import { refusalOf, type AddressPolicy } from './address-policy.ts';
import { BlockedAddressError } from './fetch-errors.ts';

/** Resolves a host name to every address it has; injectable so tests can simulate DNS. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export interface GuardedAgentOptions {
  policy: AddressPolicy;
  resolver?: HostResolver;
  /** How long an idle connection is kept for the next request to the same origin. */
  keepAliveTimeoutMs?: number;
}

/** One keep-alive agent per scheme; `agentFor` picks the one a URL needs. */
export interface GuardedAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

const DEFAULT_KEEP_ALIVE_MS = 4_000;

type ConnectionFactory = (options: NetConnectOpts & { host?: string }, callback: (error: Error | null, socket?: Socket) => void) => Socket | undefined;

/**
 * Node's HTTP agents with the address policy enforced where it cannot be bypassed: after DNS
 * resolution and before the TCP connection. Checking the URL's host name up front would miss DNS
 * rebinding (the name resolves to a public address for the check and to 169.254.169.254 for the
 * connection) and redirects to internal hosts; here every connection of every hop is checked.
 *
 * Three layers: an IP-literal host is refused before connecting (Node skips the lookup for
 * literals); a name's resolved addresses are filtered by the policy and only allowed ones are
 * handed to the socket; the connected socket's peer address is checked once more.
 */
export function guardedAgents(options: GuardedAgentOptions): GuardedAgents {
  const agentOptions = {
    keepAlive: true,
    // On an idle socket only: a request in flight is bounded by the caller's deadline instead.
    timeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS,
    lookup: guardedLookup(options.policy, options.resolver ?? systemResolver),
  };
  return { http: guardConnections(new HttpAgent(agentOptions), options.policy), https: guardConnections(new HttpsAgent(agentOptions), options.policy) };
}

export function agentFor(agents: GuardedAgents, url: URL): HttpAgent {
  return url.protocol === 'https:' ? agents.https : agents.http;
}

export function destroyAgents(agents: GuardedAgents): void {
  agents.http.destroy();
  agents.https.destroy();
}

function guardConnections<A extends HttpAgent>(agent: A, policy: AddressPolicy): A {
  const connectable = agent as unknown as { createConnection: ConnectionFactory };
  const connect = connectable.createConnection.bind(agent);
  connectable.createConnection = (connectOptions, callback) => {
    const host = (connectOptions.host ?? '').replace(/^\[|\]$/g, '');
    const literalRefusal = isIP(host) === 0 ? undefined : refusalOf(policy, host);
    if (literalRefusal) {
      callback(new BlockedAddressError(host, host, literalRefusal));
      return undefined;
    }
    const socket = connect(connectOptions, callback);
    socket?.once('connect', () => {
      const peer = socket.remoteAddress;
      const refusal = peer === undefined ? 'unknown' : refusalOf(policy, peer);
      if (refusal) socket.destroy(new BlockedAddressError(host, peer ?? '(unknown)', refusal));
    });
    return socket;
  };
  return agent;
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
