import type { S3Client } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { writeJsonLine, type JsonLog } from '../emulators/json-line-log.ts';
import { BucketObjects, type ObjectHead } from './bucket-objects.ts';
import { isNotModified } from './conditional-request.ts';
import { listFeeds } from '../../shared/site/feed-listing.ts';
import { renderBucketListing } from '../../shared/site/render-bucket-listing.ts';
import { siteContentSecurityPolicy } from '../../shared/site/site-content-security-policy.ts';
import { SITE_INDEX_KEY } from '../../shared/site/site-keys.ts';
import { requestTarget } from './request-path.ts';
import { serveWebSubCallback, type WebSubCallbackHandler } from './websub-route.ts';
import { CALLBACK_PATH_PREFIX } from '../../shared/ingest/websub/callback-path.ts';
import { routeRequestByHost } from '../../shared/edge/publication-host-routing.ts';
import type { PublicationHostnames } from '../../shared/edge/publication-hostnames.ts';
import { NEWSLETTER_PATH_PREFIX } from '../newsletter/newsletter-route.ts';

export interface FeedServerOptions {
  s3: S3Client;
  bucketName: string;
  /** 0 picks a free port; `npm start` passes 8080 or `PORT`. */
  port: number;
  /** Loopback by default: the local runtime is not meant to be reachable from the network. */
  host?: string;
  /** Heading of the bucket listing served at `/` until the pipeline has published `index.html`. */
  title?: string;
  log?: JsonLog;
  /** The WebSub callback (the function URL's stand-in), served under `/websub/<id>`. */
  websub?: { callback: WebSubCallbackHandler; maxBodyBytes: number };
  /**
   * Publications answering on a host name of their own (`{ fa: 'fa.localhost' }`): a request whose
   * Host header names one is served from its `pubs/<id>/` prefix, as the CloudFront Function does.
   */
  publicationHostnames?: PublicationHostnames;
  /** Origins the pages' players may play from, in the Content-Security-Policy; none when omitted. */
  mediaOrigins?: readonly string[];
  /** The newsletter endpoint (the function URL's stand-in), served under `/newsletter/`; may be attached after start. */
  newsletter?: NewsletterRouteSlot;
}

/** Filled in once the newsletter's handler modules are loaded; until then its paths answer 503. */
export interface NewsletterRouteSlot {
  serve?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

export interface RunningFeedServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What one request was handed to, and how to say so if that handler throws. */
interface ServedRoute {
  name: 'bucket' | 'newsletter' | 'websub';
  failure: string;
  handled: Promise<void>;
}

/** Headers CloudFront adds for feeds: readers in browsers (web-based aggregators) fetch cross-origin. */
const CORS_HEADERS = { 'access-control-allow-origin': '*' };

/**
 * Serves the bucket over HTTP the way CloudFront in front of it would: GET and HEAD of objects
 * with their stored Content-Type, Cache-Control, ETag and Last-Modified, 304 for conditional
 * requests that match, and `index.html` at `/` (CloudFront's default root object); until the
 * pipeline has published one, a listing of the feeds in the bucket stands in for it. Requests to a
 * publication's own host name go through the same host routing as the distribution's function.
 *
 * @example
 * const server = await startFeedServer({ s3: clients.s3, bucketName, port: 8080 });
 * // curl -i http://127.0.0.1:8080/feeds/all/rss.xml
 * await server.close();
 */
export async function startFeedServer(options: FeedServerOptions): Promise<RunningFeedServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? writeJsonLine;
  const routes = new FeedRoutes(
    new BucketObjects(options.s3, options.bucketName),
    options.title ?? 'Feedline feeds',
    options.publicationHostnames ?? {},
    { ...CORS_HEADERS, 'content-security-policy': siteContentSecurityPolicy(options.mediaOrigins ?? []) },
  );
  const websub = options.websub;
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    const route: ServedRoute =
      websub && path.startsWith(CALLBACK_PATH_PREFIX)
        ? { name: 'websub', failure: 'the WebSub callback failed', handled: serveWebSubCallback(websub.callback, websub.maxBodyBytes, request, response) }
        : options.newsletter && path.startsWith(NEWSLETTER_PATH_PREFIX)
          ? { name: 'newsletter', failure: 'the newsletter endpoint failed', handled: serveNewsletter(options.newsletter, request, response) }
          : { name: 'bucket', failure: 'the bucket could not be read', handled: routes.handle(request, response) };
    route.handled.catch((error: unknown) => {
      const context = { method: request.method, url: request.url, route: route.name, error };
      if (response.headersSent) {
        // Mostly a reader that hung up mid-body; the status line is gone, so just cut the socket.
        log({ level: 'warn', message: 'feed server response aborted', ...context });
        response.destroy();
        return;
      }
      log({ level: 'error', message: `feed server request failed: ${route.failure}`, ...context });
      sendText(response, 502, `Bad Gateway: ${route.failure}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of feed readers would otherwise hold the close open.
        server.closeAllConnections();
      }),
  };
}

class FeedRoutes {
  constructor(
    private readonly objects: BucketObjects,
    private readonly title: string,
    private readonly publicationHostnames: PublicationHostnames,
    /** What the distribution's response headers policy adds to an object: CORS and the site's CSP. */
    private readonly edgeHeaders: OutgoingHttpHeaders,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return sendText(response, 405, 'Method Not Allowed\n');
    }
    const route = routeRequestByHost(this.publicationHostnames, { host: request.headers.host, uri: rawPathOf(request) });
    if (route.kind === 'refused') return sendText(response, 400, `Bad Request: ${route.reason}\n`);
    const pathname = route.kind === 'publication' ? route.uri : new URL(request.url ?? '/', 'http://feed-server').pathname;
    const target = requestTarget(pathname);
    if (target.kind === 'invalid') return sendText(response, 400, `Bad Request: ${target.reason}\n`);
    if (target.kind === 'index') return this.sendIndex(request, response);
    return this.sendObject(target.key, request, response);
  }

  private async sendIndex(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (await this.objects.head(SITE_INDEX_KEY)) return this.sendObject(SITE_INDEX_KEY, request, response);
    const feeds = listFeeds(await this.objects.list('feeds/'));
    const html = Buffer.from(renderBucketListing({ title: this.title, feeds }), 'utf8');
    response.writeHead(200, {
      ...this.edgeHeaders,
      'content-type': 'text/html; charset=utf-8',
      'content-length': html.length,
      // Generated from the bucket on every request: never stale, never cached.
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : html);
  }

  private async sendObject(key: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const conditional = {
      ifNoneMatch: request.headers['if-none-match'],
      ifModifiedSince: request.headers['if-modified-since'],
    };
    const hasConditions = conditional.ifNoneMatch !== undefined || conditional.ifModifiedSince !== undefined;
    // HEAD, and conditional GETs that will likely end in 304, need no body from S3.
    if (request.method === 'HEAD' || hasConditions) {
      const head = await this.objects.head(key);
      if (!head) return sendText(response, 404, 'Not Found\n', CORS_HEADERS);
      if (isNotModified(conditional, head)) return sendNotModified(response, head);
      if (request.method === 'HEAD') return void response.writeHead(200, { ...this.edgeHeaders, ...objectHeaders(head) }).end();
    }
    const object = await this.objects.get(key);
    if (!object) return sendText(response, 404, 'Not Found\n', CORS_HEADERS);
    // Judge again on what is actually sent, in case the object changed since the HEAD.
    if (isNotModified(conditional, object)) {
      object.body.destroy();
      return sendNotModified(response, object);
    }
    response.writeHead(200, { ...this.edgeHeaders, ...objectHeaders(object) });
    await pipeline(object.body, response);
  }
}

/** The path as the client sent it: host routing judges it before anything resolves its dot segments. */
function rawPathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?', 1)[0] ?? '/';
}

function objectHeaders(head: ObjectHead): OutgoingHttpHeaders {
  return withoutUndefined({
    ...validatorHeaders(head),
    'content-type': head.contentType ?? 'application/octet-stream',
    'content-length': head.contentLength,
    'content-encoding': head.contentEncoding,
  });
}

/** RFC 9110 section 15.4.5: a 304 repeats the headers a 200 would have carried for caching. */
function validatorHeaders(head: ObjectHead): OutgoingHttpHeaders {
  return withoutUndefined({
    ...CORS_HEADERS,
    etag: head.etag,
    'last-modified': head.lastModified?.toUTCString(),
    'cache-control': head.cacheControl,
  });
}

function sendNotModified(response: ServerResponse, head: ObjectHead): void {
  response.writeHead(304, validatorHeaders(head)).end();
}

function sendText(response: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function withoutUndefined(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined));
}

async function serveNewsletter(slot: NewsletterRouteSlot, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (slot.serve) return slot.serve(request, response);
  response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }).end('Service Unavailable: the newsletter is starting\n');
}
