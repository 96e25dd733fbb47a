import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  /** `Date.now()` when the whole request had arrived. */
  receivedAt: number;
  method: string;
  contentType: string | undefined;
  form: URLSearchParams;
  /** What the hub did with it. */
  answer: HubAnswer;
}

/** A status code to answer with, or `hang`: keep the request open and never answer. */
export type HubAnswer = number | 'hang';

/** Decides the answer to a request, given the requests already received for the same `hub.url`. */
export type HubBehaviour = (earlierForTopic: HubRequest[]) => HubAnswer;

/**
 * A WebSub hub double on 127.0.0.1 (ephemeral port) that records every publish ping and answers
 * as the test's current behaviour says (204 by default).
 */
export class RecordingHub {
  readonly requests: HubRequest[] = [];
  behaviour: HubBehaviour = () => 204;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(): Promise<RecordingHub> {
    let hub: RecordingHub | undefined;
    const server = createServer((request, response) => void hub?.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hub = new RecordingHub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`);
    return hub;
  }

  /** Requests for one topic, oldest first. */
  requestsFor(topicUrl: string): HubRequest[] {
    return this.requests.filter((request) => request.form.get('hub.url') === topicUrl);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const earlier = this.requestsFor(form.get('hub.url') ?? '');
    const answer = this.behaviour(earlier);
    this.requests.push({ receivedAt: Date.now(), method: request.method ?? '', contentType: request.headers['content-type'], form, answer });
    if (answer === 'hang') return;
    response.writeHead(answer).end();
  }
}
