import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { HttpResponse } from '@smithy/types';
import { responseBodyBytes } from './http-response-body.ts';

/** How long one attempt of a signed call may wait, in ms. */
export interface SignedCallTimeouts {
  /** To open the connection (TCP and TLS). */
  connectMs: number;
  /** Without a byte either way, once connected. */
  idleMs: number;
}

/**
 * The SDK's clients wait forever by default, so one hung connection held a function until its own
 * timeout. DynamoDB and S3 answer within milliseconds and send bodies without pauses; an attempt
 * that times out fails with the SDK's `TimeoutError`, which its retry strategy retries.
 */
export const SIGNED_CALL_TIMEOUTS: SignedCallTimeouts = { connectMs: 2_000, idleMs: 5_000 };

/** The SDK's Node HTTP handler (its agent, keep-alive and error names) with those timeouts. */
function signedCallHttpHandler(timeouts: SignedCallTimeouts = SIGNED_CALL_TIMEOUTS): NodeHttpHandler {
  return new NodeHttpHandler({ connectionTimeout: timeouts.connectMs, socketTimeout: timeouts.idleMs });
}

/** One request to a signed endpoint; `subdomain` is put before its host name (S3's virtual hosts). */
export interface SignedRequestParts {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  subdomain?: string;
}

/**
 * An AWS endpoint reached with requests the SDK's SigV4 signer signs and its Node HTTP handler
 * sends, each answer read whole: what the signed S3 and DynamoDB adapters share. Each keeps its
 * own request shapes, error parsing and retry settings.
 */
export class SignedEndpoint {
  private readonly http: NodeHttpHandler;
  private readonly url: URL;

  constructor(
    endpoint: string,
    private readonly signer: SignatureV4,
    timeouts?: SignedCallTimeouts,
  ) {
    this.http = signedCallHttpHandler(timeouts);
    this.url = new URL(endpoint);
  }

  request(parts: SignedRequestParts): HttpRequest {
    const hostname = parts.subdomain === undefined ? this.url.hostname : `${parts.subdomain}.${this.url.hostname}`;
    const host = this.url.port === '' ? hostname : `${hostname}:${this.url.port}`;
    return new HttpRequest({
      method: parts.method,
      protocol: this.url.protocol,
      hostname,
      ...(this.url.port === '' ? {} : { port: Number(this.url.port) }),
      path: parts.path,
      query: parts.query ?? {},
      headers: { host, ...parts.headers },
      ...(parts.body === undefined ? {} : { body: parts.body }),
    });
  }

  /** Signs a copy of the request (a retry signs afresh), sends it and reads the whole answer, so its socket goes back to the pool. */
  async exchange(request: HttpRequest): Promise<{ response: HttpResponse; body: Buffer }> {
    const signed = await this.signer.sign(HttpRequest.clone(request));
    const { response } = await this.http.handle(signed as HttpRequest);
    return { response, body: await responseBodyBytes(response.body) };
  }
}
