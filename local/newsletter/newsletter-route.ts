import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import type { NewsletterUrlEvent } from '../../shared/newsletter/subscribe/function-url-request.ts';
import { MAX_SUBSCRIBE_FORM_BYTES } from '../../shared/newsletter/subscribe/subscribe-form.ts';

/** Where the feed server serves the newsletter endpoint (the function URL's stand-in). */
export const NEWSLETTER_PATH_PREFIX = '/newsletter/';

export type NewsletterUrlHandler = (event: NewsletterUrlEvent, context: Context) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

/**
 * One request to the feed server under `/newsletter/` as the function URL event Lambda would
 * build from it, handed to the very handler module, and its answer written back.
 */
export async function serveNewsletterRequest(handler: NewsletterUrlHandler, context: () => Context, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://feed-server');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_SUBSCRIBE_FORM_BYTES) {
      response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Payload Too Large\n');
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const answer = await handler(
    {
      rawPath: url.pathname,
      rawQueryString: url.searchParams.toString(),
      body: Buffer.concat(chunks).toString('utf8'),
      isBase64Encoded: false,
      requestContext: { http: { method: request.method ?? 'GET', sourceIp: request.socket.remoteAddress ?? 'unknown' } },
    },
    context(),
  );
  response.writeHead(answer.statusCode, answer.headers).end(answer.body);
}
