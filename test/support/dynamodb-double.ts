import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Crc32Js } from '@smithy/core/checksum';

/** What the double answers to one request. */
export interface ScriptedAnswer {
  status: number;
  body?: string;
  /** Sent after, so over, the default ones (JSON 1.0 type, a request id, the body's CRC-32). */
  headers?: Record<string, string>;
  /** Drop the connection instead of answering. */
  reset?: boolean;
  /** Never answer, keeping the connection open (the double drops it when it stops). */
  stall?: boolean;
}

export interface SeenRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * DynamoDB's JSON 1.0 endpoint on 127.0.0.1, answering each request with the next scripted
 * answer, for what DynamoDB Local cannot do: throttle, fail, drop connections, damage a body,
 * or answer two clients byte for byte the same. Request ids are `request-<n>`, n counting from 1.
 */
export class DynamoDbDouble {
  script: ScriptedAnswer[] = [];
  readonly seen: SeenRequest[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<DynamoDbDouble> {
    let instance: DynamoDbDouble | undefined;
    const server = createServer((request, response) => instance?.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    instance = new DynamoDbDouble(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return instance;
  }

  /** Forgets the script and the requests seen, between tests. */
  reset(): void {
    this.script = [];
    this.seen.length = 0;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.seen.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = this.script.shift() ?? { status: 500, body: dynamoDbErrorBody('NoScript', 'the double has no answer left') };
      if (next.reset === true) {
        request.socket.destroy();
        return;
      }
      if (next.stall === true) return;
      const body = next.body ?? '{}';
      const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `request-${this.seen.length}`, 'x-amz-crc32': String(crc32Of(body)), ...next.headers };
      response.writeHead(next.status, headers).end(body);
    });
  }
}

/** An error body as DynamoDB writes it; some errors spell their message `Message`. */
export function dynamoDbErrorBody(code: string, message: string, fields: Record<string, unknown> = {}, messageField: 'message' | 'Message' = 'message'): string {
  return JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, [messageField]: message, ...fields });
}

/** The CRC-32 DynamoDB puts in `x-amz-crc32`, in decimal. */
export function crc32Of(body: string): number {
  const crc = new Crc32Js();
  crc.update(Buffer.from(body, 'utf8'));
  return crc.digestSync();
}
