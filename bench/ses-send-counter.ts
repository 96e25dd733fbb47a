import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningSesSendCounter {
  endpoint: string;
  sent(): number;
  stop(): Promise<void>;
}

/**
 * A fast local stand-in for SES v2 SendEmail with the same wire API (POST
 * /v2/email/outbound-emails → `{ MessageId }`), counting and discarding: aws-ses-v2-local keeps
 * every message (HTML included) in memory and parses each with zod and mailparser, so 100,000
 * digests would measure the emulator, not the sender.
 */
export async function startSesSendCounter(): Promise<RunningSesSendCounter> {
  let sent = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v2/email/outbound-emails') {
        sent += 1;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: randomUUID() }));
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
