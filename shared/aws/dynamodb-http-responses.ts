import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Crc32 } from '@smithy/core/checksum';
import type { HttpResponse } from '@smithy/types';
import * as z from '../validation/zod-mini.ts';
import { nativeValueOf } from './document-attribute-paths.ts';

/** What the HTTP adapter puts in an error's `$metadata`: the SDK's fields that callers read. */
export interface DynamoDbResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
}

/**
 * A refused DynamoDB call, shaped like the SDK's service exceptions: `name` is DynamoDB's error
 * code (`ConditionalCheckFailedException`, `TransactionCanceledException`, …), the status is in
 * `$metadata.httpStatusCode`, and the error's own fields (`CancellationReasons`, `Item`) are on it,
 * so the store's checks and the SDK's retry classifiers read it as they read the SDK's.
 */
export class DynamoDbServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: DynamoDbResponseMetadata;
  /** A cancelled transaction's reasons, one per action, in order; an `Item` in one is plain values. */
  declare readonly CancellationReasons?: { Code?: string; Message?: string; Item?: Record<string, unknown> }[];
  /** The item a refused condition was checked against, when the call asked for it. */
  declare readonly Item?: Record<string, unknown>;

  constructor(code: string, message: string, metadata: DynamoDbResponseMetadata & { httpStatusCode: number }, fields: Record<string, unknown> = {}) {
    super(message);
    Object.assign(this, fields);
    this.name = code;
    this.$fault = metadata.httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = metadata;
  }
}

/**
 * An answer whose body does not match its `x-amz-crc32` header: damaged on the way. Retryable
 * (`$retryable`, which the SDK's classifiers read), as DynamoDB's other SDKs retry it.
 */
export class ResponseChecksumError extends Error {
  override readonly name = 'CRC32CheckFailed';
  readonly $retryable = {};
  readonly $metadata: DynamoDbResponseMetadata;

  constructor(expected: string, actual: number, metadata: DynamoDbResponseMetadata) {
    super(`DynamoDB's answer has CRC32 ${actual}, its x-amz-crc32 header says ${expected}`);
    this.$metadata = metadata;
  }
}

const ErrorBodySchema = z.looseObject({
  __type: z.optional(z.string()),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
  Message: z.optional(z.string()),
  Item: z.optional(z.record(z.string(), z.unknown())),
  CancellationReasons: z.optional(z.array(z.looseObject({ Item: z.optional(z.record(z.string(), z.unknown())) }))),
});

const AnswerSchema = z.record(z.string(), z.unknown());

/** A successful answer's JSON object. */
export function answerOf(body: Buffer): Record<string, unknown> {
  return AnswerSchema.parse(body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
}

/**
 * The error a non-2xx answer stands for. The code is found where the SDK's JSON-RPC protocol looks
 * (`__type`, then `code`, then the `x-amzn-errortype` header) and cut the same way
 * (`com.amazonaws.dynamodb.v20120810#ValidationException` → `ValidationException`).
 */
export function dynamoDbErrorOf(response: HttpResponse, body: Buffer, attempts: number): DynamoDbServiceError {
  const parsed = ErrorBodySchema.safeParse(parsedJson(body));
  const { __type, code, message, Message, Item, CancellationReasons, ...rest } = parsed.success ? parsed.data : {};
  const errorCode = errorCodeOf(__type ?? code ?? response.headers['x-amzn-errortype']) ?? `Http${response.statusCode}`;
  const fields = {
    ...rest,
    ...(Item === undefined ? {} : { Item: plainItemOf(Item) }),
    ...(CancellationReasons === undefined ? {} : { CancellationReasons: CancellationReasons.map((reason) => (reason.Item === undefined ? reason : { ...reason, Item: plainItemOf(reason.Item) })) }),
  };
  return new DynamoDbServiceError(errorCode, message ?? Message ?? `DynamoDB answered ${response.statusCode}`, metadataOf(response, attempts), fields);
}

/**
 * Refuses a body that does not match its `x-amz-crc32` header, which DynamoDB and DynamoDB Local
 * put on every uncompressed answer (we never ask for gzip). The SDK for JavaScript v3 skips this
 * check; its v2 and botocore make it and retry a mismatch. An answer without the header is
 * taken as it is.
 */
export function assertChecksumMatches(response: HttpResponse, body: Buffer, attempts: number): void {
  const expected = response.headers['x-amz-crc32'];
  if (expected === undefined) return;
  const crc = new Crc32();
  crc.update(body);
  const actual = crc.digestSync();
  if (String(actual) !== expected.trim()) throw new ResponseChecksumError(expected, actual, metadataOf(response, attempts));
}

function metadataOf(response: HttpResponse, attempts: number): DynamoDbResponseMetadata & { httpStatusCode: number } {
  const requestId = response.headers['x-amzn-requestid'];
  return { httpStatusCode: response.statusCode, ...(requestId === undefined ? {} : { requestId }), attempts };
}

function parsedJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** As the SDK's `sanitizeErrorCode`: the part before `,` and `:`, after `#`. */
function errorCodeOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const bare = raw.split(',')[0]?.split(':')[0] ?? raw;
  return bare.includes('#') ? bare.split('#')[1] : bare;
}

function plainItemOf(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, nativeValueOf(value as AttributeValue)]));
}
