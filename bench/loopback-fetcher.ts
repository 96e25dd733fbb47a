import { HttpFetcher } from '../shared/ingest/fetch/http-fetcher.ts';

/**
 * The poller's fetcher as the poll benches use it: the production limits, the SSRF guard on, and
 * every host name resolved to 127.0.0.1, where the synthetic partners listen.
 */
export function loopbackBenchFetcher(): HttpFetcher {
  return new HttpFetcher({
    userAgent: 'Feedline-bench/1.0',
    timeoutMs: 10_000,
    maxBodyBytes: 5_000_000,
    maxRedirects: 5,
    perHostConcurrency: 2,
    // The guard stays on; only loopback, where the partners are, is let through.
    policy: { allowPrivateNetworks: false, allowedAddresses: ['127.0.0.1'] },
    resolver: async () => [{ address: '127.0.0.1', family: 4 }],
  });
}
