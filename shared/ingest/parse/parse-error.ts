import { IngestError } from '../ingest-error.ts';

/** A document that is not a feed we can read; the message says where it broke when known. */
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

  /** sax reports `Unexpected close tag\nLine: 4\nColumn: 9\nChar: >`: one line for the operator. */
  static fromXmlError(error: unknown): FeedParseError {
    const text = error instanceof Error ? error.message : String(error);
    const [reason = text] = text.split('\n');
    const line = /Line:\s*(\d+)/.exec(text)?.[1];
    const column = /Column:\s*(\d+)/.exec(text)?.[1];
    if (line === undefined) return new FeedParseError(`XML parse error: ${reason}`, undefined, undefined, error);
    // sax counts lines from 0.
    const lineNumber = Number(line) + 1;
    return new FeedParseError(`XML parse error at line ${lineNumber}, column ${column}: ${reason}`, lineNumber, Number(column), error);
  }
}
