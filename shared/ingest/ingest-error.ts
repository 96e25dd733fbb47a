import { describeError } from '../errors/error-description.ts';

/**
 * What went wrong with one subscription's poll, in words an operator can act on. Every failure of
 * the ingest path is one of these kinds, so it can be recorded on the subscription and shown by
 * `feedline sub list` without a stack trace.
 */
export type IngestErrorKind =
  | 'http-status'
  | 'timeout'
  | 'too-large'
  | 'blocked-address'
  | 'unsupported-scheme'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'network'
  | 'decompression'
  | 'decode'
  | 'parse'
  | 'unsafe-xml'
  | 'no-valid-items'
  | 'store';

/** The form an error takes on the subscription record. */
export interface RecordedError {
  kind: IngestErrorKind;
  message: string;
  /** HTTP status of the response that failed, when there was one. */
  status?: number;
}

export class IngestError extends Error {
  override readonly name: string = 'IngestError';

  constructor(
    readonly kind: IngestErrorKind,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
  }

  readonly status: number | undefined;

  toRecord(): RecordedError {
    return { kind: this.kind, message: this.message, ...(this.status === undefined ? {} : { status: this.status }) };
  }
}

/** Any thrown value as a recorded error: unknown failures are kept, with their message, as `network`/`store`. */
export function recordedErrorOf(error: unknown, fallbackKind: IngestErrorKind): RecordedError {
  if (error instanceof IngestError) return error.toRecord();
  const message = describeError(error);
  return { kind: fallbackKind, message };
}
