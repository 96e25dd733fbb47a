import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestCountingProxy {
  endpoint: string;
  /** Requests forwarded since the last reset, by `X-Amz-Target` (e.g. `DynamoDB_20120810.Scan`). */
  counts(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of DynamoDB Local that counts requests by API action: how the bench
 * shows that a CLI process (another process, so no client middleware) reads per page, not per item.
 */
export async function startRequestCountingProxy(target: string): Promise<RequestCountingProxy> {
  const upstream = new URL(target);
  let counts = new Map<string, number>();
  const server: Server = createServer((incoming, outgoing) => {
    const action = String(incoming.headers['x-amz-target'] ?? `${incoming.method} ${incoming.url}`);
    counts.set(action, (counts.get(action) ?? 0) + 1);
    const forwarded = request(
      { hostname: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => new Map(counts),
    reset: () => {
      counts = new Map();
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
