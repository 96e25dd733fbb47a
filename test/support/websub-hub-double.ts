import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubSignatureOf } from '../../shared/ingest/websub/hub-signature.ts';

/** A `hub.mode=subscribe|unsubscribe` request as the hub received it. */
export interface ReceivedHubRequest {
  mode: string;
  topic: string;
  callback: string;
  secret?: string;
  leaseSeconds?: number;
}

/** The hub's verification of intent, and how the subscriber answered it. */
export interface Verification {
  request: ReceivedHubRequest;
  status: number;
  challenge: string;
  echoed: string;
  /** 2xx and the challenge echoed verbatim: the hub counts the subscription as verified. */
  confirmed: boolean;
}

interface Subscriber {
  topic: string;
  callback: string;
  secret?: string;
}

/**
 * A WebSub hub on 127.0.0.1 for the subscriber tests (W3C WebSub sections 5 and 7): it takes
 * subscription requests (202), then verifies intent against the callback with a random
 * challenge and checks the echo, as a real hub does. Verified subscribers get content pushed
 * with `publish`, signed with their secret (or with a wrong one, to test rejection).
 */
export class WebSubHubDouble {
  readonly requests: ReceivedHubRequest[] = [];
  readonly verifications: Verification[] = [];
  /** Lease the hub grants; by default the one asked for. */
  grantedLeaseSeconds: number | undefined;
  /** When set, subscription requests get this status and no verification follows. */
  refuseWith: number | undefined;
  private readonly subscribers = new Map<string, Subscriber>();
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(): Promise<WebSubHubDouble> {
    let instance: WebSubHubDouble | undefined;
    const server = createServer((request, response) => void instance?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    instance = new WebSubHubDouble(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return instance;
  }

  /** Resolves once `count` verifications have been made in total (a functional deadline applies). */
  async verificationsDone(count: number, timeoutMs = 5_000): Promise<Verification[]> {
    if (this.verifications.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`hub made ${this.verifications.length} of ${count} verifications`)), timeoutMs);
        this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    }
    return this.verifications;
  }

  /** Pushes a document to every verified subscriber of `topic`; returns their statuses. */
  async publish(topic: string, body: Buffer, options: { contentType?: string; signWith?: string | null; method?: string } = {}): Promise<number[]> {
    const targets = [...this.subscribers.values()].filter((subscriber) => subscriber.topic === topic);
    return Promise.all(
      targets.map(async (subscriber) => {
        const secret = options.signWith === undefined ? subscriber.secret : options.signWith;
        const headers: Record<string, string> = {
          'content-type': options.contentType ?? 'application/rss+xml; charset=utf-8',
          link: `<${this.url}>; rel="hub", <${topic}>; rel="self"`,
        };
        if (secret !== null && secret !== undefined) headers['x-hub-signature'] = hubSignatureOf(body, secret, options.method);
        const response = await fetch(subscriber.callback, { method: 'POST', headers, body });
        await response.arrayBuffer();
        return response.status;
      }),
    );
  }

  /** Tells a callback the hub denied its subscription (WebSub section 5.2). */
  async deny(callback: string, topic: string, reason: string): Promise<number> {
    const url = new URL(callback);
    url.searchParams.set('hub.mode', 'denied');
    url.searchParams.set('hub.topic', topic);
    url.searchParams.set('hub.reason', reason);
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  }

  /** A verification GET with chosen parameters, e.g. a wrong topic; returns status and body. */
  async verifyWith(callback: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
    const url = new URL(callback);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await bodyOf(request));
    const lease = form.get('hub.lease_seconds');
    const received: ReceivedHubRequest = {
      mode: form.get('hub.mode') ?? '',
      topic: form.get('hub.topic') ?? '',
      callback: form.get('hub.callback') ?? '',
      ...(form.get('hub.secret') === null ? {} : { secret: form.get('hub.secret') as string }),
      ...(lease === null ? {} : { leaseSeconds: Number(lease) }),
    };
    this.requests.push(received);
    if (request.method !== 'POST' || received.topic === '' || received.callback === '') {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('bad subscription request\n');
      return;
    }
    if (this.refuseWith !== undefined) {
      response.writeHead(this.refuseWith, { 'content-type': 'text/plain' }).end('refused by the test\n');
      return;
    }
    response.writeHead(202).end();
    // Verification of intent happens after the 202, as hubs do it asynchronously.
    setImmediate(() => void this.verify(received));
  }

  private async verify(received: ReceivedHubRequest): Promise<void> {
    const challenge = randomBytes(12).toString('hex');
    const url = new URL(received.callback);
    url.searchParams.set('hub.mode', received.mode);
    url.searchParams.set('hub.topic', received.topic);
    url.searchParams.set('hub.challenge', challenge);
    const lease = this.grantedLeaseSeconds ?? received.leaseSeconds;
    if (received.mode === 'subscribe' && lease !== undefined) url.searchParams.set('hub.lease_seconds', String(lease));
    let response: { status: number; text(): Promise<string> };
    try {
      response = await fetch(url);
    } catch {
      // An unreachable callback fails verification, as with a real hub.
      response = { status: 0, text: async () => '' };
    }
    const echoed = await response.text();
    const confirmed = response.status >= 200 && response.status < 300 && echoed === challenge;
    const key = `${received.topic} ${received.callback}`;
    if (confirmed && received.mode === 'subscribe') this.subscribers.set(key, { topic: received.topic, callback: received.callback, ...(received.secret ? { secret: received.secret } : {}) });
    if (confirmed && received.mode === 'unsubscribe') this.subscribers.delete(key);
    this.verifications.push({ request: received, status: response.status, challenge, echoed, confirmed });
    this.waiters = this.waiters.filter((waiter) => {
      if (this.verifications.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
