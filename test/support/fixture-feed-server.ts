import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sendFeedFile, type FeedFile } from '../../local/sample-feeds/feed-file-response.ts';

export const INGEST_FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));

export async function readFixture(name: string): Promise<Buffer> {
  return readFile(`${INGEST_FIXTURES}${name}`);
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** Fixed dates, so Last-Modified is the same on every run. */
export const FIXTURE_LAST_MODIFIED = new Date('2026-11-20T12:00:00Z');

/**
 * A partner web server on 127.0.0.1 for the ingest tests, scripted per path: feeds with real
 * validators and gzip, redirects, error statuses, responses that stall or never end. It records
 * every request, so tests can check the conditional headers the poller sent.
 */
export class FixtureFeedServer {
  readonly requests: RecordedRequest[] = [];
  /** Bytes written by `endless` routes, final once the client hung up (see `hungUp`). */
  readonly bytesSent = new Map<string, number>();
  /** Paths of `endless` and `drip` routes whose client closed the connection. */
  readonly hungUp = new Set<string>();
  private readonly routes = new Map<string, Route>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(): Promise<FixtureFeedServer> {
    let instance: FixtureFeedServer | undefined;
    const server = createServer((request, response) => instance?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    instance = new FixtureFeedServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return instance;
  }

  urlOf(path: string): string {
    return `${this.url}${path}`;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** A feed file with ETag, Last-Modified, 304s and gzip; replace it to simulate a change. */
  feed(path: string, body: Buffer, options: { contentType?: string; cacheControl?: string; lastModified?: Date } = {}): this {
    const file: FeedFile = {
      body,
      contentType: options.contentType ?? 'application/rss+xml; charset=utf-8',
      lastModified: options.lastModified ?? FIXTURE_LAST_MODIFIED,
      ...(options.cacheControl ? { cacheControl: options.cacheControl } : {}),
    };
    return this.route(path, (request, response) => sendFeedFile(request, response, file));
  }

  status(path: string, status: number, headers: Record<string, string> = {}): this {
    return this.route(path, (_request, response) => {
      response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`status ${status}\n`);
    });
  }

  redirect(path: string, status: number, location: string): this {
    return this.route(path, (_request, response) => {
      response.writeHead(status, { location }).end();
    });
  }

  /** Answers with a redirect only after `delayMs`: each hop of a chain can be slow but on time. */
  slowRedirect(path: string, delayMs: number, location: string): this {
    return this.route(path, (_request, response) => {
      const timer = setTimeout(() => response.writeHead(302, { location }).end(), delayMs);
      response.on('close', () => clearTimeout(timer));
    });
  }

  /** Sends a feed body after `delayMs`, as a busy server does. */
  slowFeed(path: string, delayMs: number, body: Buffer): this {
    return this.route(path, (_request, response) => {
      const timer = setTimeout(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body), delayMs);
      response.on('close', () => clearTimeout(timer));
    });
  }

  /**
   * Sends the headers at once, then one small chunk every `intervalMs` and never ends: no pause
   * is long enough for a per-read timeout, so only a deadline on the whole body ends it.
   */
  drip(path: string, intervalMs: number): this {
    return this.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      const timer = setInterval(() => response.write(' '), intervalMs);
      response.on('close', () => {
        clearInterval(timer);
        this.hungUp.add(path);
      });
    });
  }

  /** Sends the headers and a first chunk, then nothing: the client's timeout must end it. */
  stall(path: string): this {
    return this.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    });
  }

  /** Streams 64 KB chunks until the client hangs up, never declaring a length. */
  endless(path: string): this {
    return this.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        let accepted = true;
        while (accepted && !response.destroyed) {
          accepted = response.write(chunk);
          sent += chunk.length;
        }
        this.bytesSent.set(path, sent);
      };
      response.on('drain', pump);
      response.on('close', () => {
        this.bytesSent.set(path, sent);
        this.hungUp.add(path);
      });
      pump();
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', this.url).pathname;
    this.requests.push({ path, headers: request.headers });
    const route = this.routes.get(path);
    if (route) return route(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }
}
