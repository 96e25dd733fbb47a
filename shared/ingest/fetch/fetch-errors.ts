import { IngestError } from '../ingest-error.ts';

/** A final response that is not 200 or 304 (after redirects). */
export class HttpStatusError extends IngestError {
  override readonly name = 'HttpStatusError';
  constructor(
    status: number,
    readonly url: string,
    /** The response's Retry-After header as sent, for 429 and 503 (RFC 9110 section 10.2.3). */
    readonly retryAfter?: string,
  ) {
    super('http-status', `HTTP ${status} from ${url}`, { status });
  }
}

/** The fetch's one deadline passed: redirects, headers and bodies of all its requests together. */
export class FetchTimeoutError extends IngestError {
  override readonly name = 'FetchTimeoutError';
  constructor(
    /** The request that was cut off (after redirects, not necessarily the subscription's URL). */
    readonly url: string,
    readonly timeoutMs: number,
    /** Time counted against the deadline: requests in flight, not waits for a busy host's turn. */
    readonly elapsedMs: number,
    /** Requests the fetch made, the cut-off one included (1 when there was no redirect). */
    readonly hops: number,
  ) {
    super('timeout', `no complete response from ${url} within ${timeoutMs} ms (${hops} ${hops === 1 ? 'request' : 'requests'}, ${elapsedMs} ms)`);
  }
}

export class BodyTooLargeError extends IngestError {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    what: 'declared' | 'received' | 'decompressed',
  ) {
    super('too-large', `response from ${url} is larger than ${maxBytes} bytes (${what}); cut off`);
  }
}

/** The host resolved to (or is) an address the poller must not reach: SSRF protection. */
export class BlockedAddressError extends IngestError {
  override readonly name = 'BlockedAddressError';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super('blocked-address', `refused to connect to ${host}: ${address} is a ${range} address`);
  }
}

export class UnsupportedSchemeError extends IngestError {
  override readonly name = 'UnsupportedSchemeError';
  constructor(readonly url: string) {
    super('unsupported-scheme', `refused ${url}: only http and https URLs are fetched`);
  }
}

export class TooManyRedirectsError extends IngestError {
  override readonly name = 'TooManyRedirectsError';
  constructor(
    readonly url: string,
    readonly limit: number,
  ) {
    super('too-many-redirects', `more than ${limit} redirects starting at ${url}`);
  }
}

export class RedirectLoopError extends IngestError {
  override readonly name = 'RedirectLoopError';
  constructor(readonly chain: string[]) {
    super('redirect-loop', `redirect loop: ${chain.join(' -> ')}`);
  }
}

export class NetworkError extends IngestError {
  override readonly name = 'NetworkError';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super('network', `cannot fetch ${url}: ${describeCause(cause)}`, { cause });
  }
}

export class DecompressionError extends IngestError {
  override readonly name = 'DecompressionError';
  constructor(
    readonly url: string,
    detail: string,
    cause?: unknown,
  ) {
    super('decompression', `cannot decode the body of ${url}: ${detail}`, { cause });
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: string }).code;
  return code ? `${code} (${cause.message})` : cause.message;
}
