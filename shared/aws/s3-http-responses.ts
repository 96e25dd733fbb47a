import type { HttpResponse } from '@smithy/types';

/**
 * A failed S3 call, shaped like the SDK's service errors (`name` is S3's error code, the status is
 * in `$metadata.httpStatusCode`), so callers and the SDK's retry classifiers read it the same way.
 */
export class S3HttpError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number };

  constructor(code: string, message: string, status: number, requestId: string | undefined, attempts: number) {
    super(message);
    this.name = code;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, ...(requestId === undefined ? {} : { requestId }), attempts };
  }
}

export function s3ErrorOf(response: HttpResponse, body: string, attempts: number): S3HttpError {
  const code = xmlElementText(body, 'Code') ?? `Http${response.statusCode}`;
  const message = xmlElementText(body, 'Message') ?? `S3 answered ${response.statusCode}`;
  return new S3HttpError(code, message, response.statusCode, response.headers['x-amz-request-id'], attempts);
}

export interface ListedKeysPage {
  keys: string[];
  /** Present while the listing is truncated. */
  nextContinuationToken?: string;
}

/** A ListObjectsV2 answer (`ListBucketResult`): its keys, and where the next page starts. */
export function listedKeysOf(xml: string): ListedKeysPage {
  const keys = [...xml.matchAll(/<Contents>[\s\S]*?<Key>([^<]*)<\/Key>[\s\S]*?<\/Contents>/g)].map((match) => unescapeXml(match[1] ?? ''));
  const truncated = xmlElementText(xml, 'IsTruncated') === 'true';
  const token = xmlElementText(xml, 'NextContinuationToken');
  return truncated && token !== undefined ? { keys, nextContinuationToken: token } : { keys };
}

function xmlElementText(xml: string, name: string): string | undefined {
  const text = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return text === undefined ? undefined : unescapeXml(text);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** S3 escapes key text with the predefined entities and character references. */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return XML_ENTITIES[entity.toLowerCase()] ?? `&${entity};`;
  });
}
