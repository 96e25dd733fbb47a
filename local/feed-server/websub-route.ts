import type { IncomingMessage, ServerResponse } from 'node:http';
import { subscriptionIdOfCallbackPath } from '../../shared/ingest/websub/callback-path.ts';
import type { CallbackRequest, CallbackResponse } from '../../shared/ingest/websub/websub-callback.ts';

/** The WebSub callback core, as the local server calls it (`WebSubCallback.handle`). */
export type WebSubCallbackHandler = (request: CallbackRequest) => Promise<CallbackResponse>;

/**
 * The local stand-in for the callback function URL: `/websub/<id>` on the feed server. Reads the
 * raw body (bounded: a hub pushing more than `maxBodyBytes` gets 413 without the rest being
 * read), hands it to the same core as the Lambda adapter and writes its answer back.
 */
export async function serveWebSubCallback(
  callback: WebSubCallbackHandler,
  maxBodyBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://feed-server');
  const body = await readBody(request, maxBodyBytes);
  if (body === undefined) {
    response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Payload Too Large\n');
    return;
  }
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
  const answer = await callback({
    method: request.method ?? 'GET',
    subscriptionId: subscriptionIdOfCallbackPath(url.pathname),
    query: url.searchParams,
    headers,
    body,
  });
  response.writeHead(answer.status, answer.headers).end(answer.body);
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
