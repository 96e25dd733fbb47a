import { Sha256 } from '@smithy/core/checksum';
import type { HttpRequest } from '@smithy/core/protocols';
import { DEFAULT_MAX_ATTEMPTS, StandardRetryStrategy } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpResponse } from '@smithy/types';
import type { BucketObjectHead, BucketObjectPut, FeedBucket } from '../publish/write/feed-bucket.ts';
import { listedKeysOf, s3ErrorOf } from './s3-http-responses.ts';
import { withSdkRetries } from './sdk-retries.ts';
import { SignedEndpoint, type SignedCallTimeouts } from './signed-call-transport.ts';

export interface HttpFeedBucketOptions {
  region: string;
  /** Offline only: the emulator's address. Unset, the bucket's virtual-hosted AWS endpoint. */
  endpoint?: string;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint host>/<key>` (the emulator needs it). */
  forcePathStyle?: boolean;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per attempt; `SIGNED_CALL_TIMEOUTS` unless a test needs shorter ones. */
  timeouts?: SignedCallTimeouts;
}

const METADATA_HEADER_PREFIX = 'x-amz-meta-';

/**
 * The publish path's three S3 calls (HEAD, conditional PUT, ListObjectsV2) as signed HTTP
 * requests, built from the SDK's own parts: its Node HTTP handler (same agent and timeouts), its
 * SigV4 signer and its standard retry strategy (3 attempts, jittered backoff, the same error
 * classes retried). The SDK's S3 client would add about 160 KiB to the stream function's bundle:
 * all of S3's operation schemas are kept, whichever few a function sends.
 */
export class HttpFeedBucket implements FeedBucket {
  private readonly retries = new StandardRetryStrategy(DEFAULT_MAX_ATTEMPTS);
  private readonly endpoint: SignedEndpoint;

  constructor(private readonly options: HttpFeedBucketOptions) {
    const signer = new SignatureV4({ service: 's3', region: options.region, credentials: options.credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
    this.endpoint = new SignedEndpoint(options.endpoint ?? `https://s3.${options.region}.amazonaws.com`, signer, options.timeouts);
  }

  async headObject(bucket: string, key: string): Promise<BucketObjectHead | undefined> {
    const response = await this.send(this.request('HEAD', bucket, key), [404]);
    if (response.statusCode === 404) return undefined;
    return { etag: response.headers.etag ?? '', metadata: metadataOf(response.headers) };
  }

  async putObject(put: BucketObjectPut): Promise<{ etag?: string }> {
    const body = Buffer.from(put.body, 'utf8');
    const headers: Record<string, string> = {
      'content-type': put.contentType,
      'cache-control': put.cacheControl,
      'content-length': String(body.length),
      ...Object.fromEntries(Object.entries(put.metadata).map(([name, value]) => [`${METADATA_HEADER_PREFIX}${name}`, value])),
      ...(put.ifMatch === undefined ? {} : { 'if-match': put.ifMatch }),
      ...(put.ifNoneMatch === undefined ? {} : { 'if-none-match': put.ifNoneMatch }),
    };
    const response = await this.send(this.request('PUT', put.bucket, put.key, { headers, body }));
    const etag = response.headers.etag;
    return etag === undefined ? {} : { etag };
  }

  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix, ...(continuationToken === undefined ? {} : { 'continuation-token': continuationToken }) };
      const page = listedKeysOf(await this.send(this.request('GET', bucket, '', { query })).then((response) => response.text));
      keys.push(...page.keys);
      continuationToken = page.nextContinuationToken;
    } while (continuationToken !== undefined);
    return keys;
  }

  private request(method: string, bucket: string, key: string, parts: { headers?: Record<string, string>; body?: Buffer; query?: Record<string, string> } = {}): HttpRequest {
    const pathStyle = this.options.forcePathStyle === true;
    const path = `${pathStyle ? `/${bucket}` : ''}/${key.split('/').map(encodeKeySegment).join('/')}`;
    return this.endpoint.request({ method, path, ...parts, ...(pathStyle ? {} : { subdomain: bucket }) });
  }

  /** Signs and sends one call, retrying as the SDK would; statuses in `accepted` are answers, not errors. */
  private send(request: HttpRequest, accepted: readonly number[] = []): Promise<HttpResponse & { text: string }> {
    return withSdkRetries(this.retries, (attempt) => this.attempt(request, accepted, attempt));
  }

  private async attempt(request: HttpRequest, accepted: readonly number[], attempt: number): Promise<HttpResponse & { text: string }> {
    const { response, body } = await this.endpoint.exchange(request);
    const text = body.toString('utf8');
    if (response.statusCode < 300 || accepted.includes(response.statusCode)) return Object.assign(response, { text });
    throw s3ErrorOf(response, text, attempt);
  }
}

/** S3 object keys are encoded once, per RFC 3986, with `/` kept as the separator. */
function encodeKeySegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function metadataOf(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.toLowerCase().startsWith(METADATA_HEADER_PREFIX))
      .map(([name, value]) => [name.toLowerCase().slice(METADATA_HEADER_PREFIX.length), value]),
  );
}
