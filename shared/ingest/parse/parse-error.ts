import { IngestError } from '../ingest-error.ts';

/** A document that is not a feed we can read; the message says where it broke when known (1-based). */
export class FeedParseError extends IngestError {
  override readonly name = 'FeedParseError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
    cause?: unknown,
  ) {
    super('parse', message, { cause });
  }
}
