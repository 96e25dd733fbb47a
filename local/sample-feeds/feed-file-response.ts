import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { isNotModified } from '../feed-server/conditional-request.ts';

/** A feed document as a partner's web server holds it. */
export interface FeedFile {
  body: Buffer;
  contentType: string;
  lastModified: Date;
  cacheControl?: string;
}

/** A strong validator from the bytes, as most servers derive it. */
export function entityTagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

/**
 * Answers a GET the way a well-behaved partner server does: ETag and Last-Modified, 304 for a
 * matching conditional request (RFC 9110 section 13.2.2), gzip when the client accepts it.
 */
export function sendFeedFile(request: IncomingMessage, response: ServerResponse, file: FeedFile): void {
  const etag = entityTagOf(file.body);
  const validators = {
    etag,
    'last-modified': file.lastModified.toUTCString(),
    ...(file.cacheControl ? { 'cache-control': file.cacheControl } : {}),
  };
  const conditional = { ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] };
  if (isNotModified(conditional, { etag, lastModified: file.lastModified })) {
    response.writeHead(304, validators).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const body = gzip ? gzipSync(file.body) : file.body;
  response.writeHead(200, {
    ...validators,
    'content-type': file.contentType,
    'content-length': body.length,
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
