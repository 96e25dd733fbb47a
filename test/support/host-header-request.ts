import { request as httpRequest } from 'node:http';

export interface HostHeaderReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request to a server on 127.0.0.1 that names another host, as a browser on `fa.localhost`
 * would; node:http, because fetch will not send a Host header of our choosing.
 */
export function requestWithHost(port: number, host: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HostHeaderReply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
