import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { agentFor, type GuardedAgents } from './guarded-connector.ts';

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborting destroys the request, its socket included, whatever stage it is at. */
  signal: AbortSignal;
}

/**
 * One HTTP/1.1 request through the guarded agents; resolves with the response once its headers
 * arrive, the body still unread. Node's own client: the fetcher needs nothing more, and undici
 * would add half a megabyte to every ingest bundle.
 */
export function sendRequest(url: URL, outgoing: OutgoingRequest, agents: GuardedAgents): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: outgoing.method, headers: outgoing.headers, agent: agentFor(agents, url), signal: outgoing.signal }, resolve);
    // `on`, not `once`: a second error (an abort after a reset) must not go unhandled.
    request.on('error', reject);
    request.end(outgoing.body);
  });
}

/** A response header as one string, repeated fields joined as RFC 9110 section 5.3 allows. */
export function responseHeader(response: IncomingMessage, name: string): string | undefined {
  return response.headersDistinct[name]?.join(', ');
}

/**
 * Reads and drops a body so its connection can serve the next request; past `limitBytes` the
 * connection is closed instead. Never rejects: the status already says what happened.
 */
export function discardBody(response: IncomingMessage, limitBytes = Number.POSITIVE_INFINITY): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    response.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limitBytes) response.destroy();
    });
    response.on('error', () => resolve());
    response.once('end', resolve);
    response.once('close', resolve);
  });
}
