import { SaxesParser } from 'saxes';
import { describeSchemaError } from '../validation/field-problems.ts';
import { JsonFeedSchema } from './json-feed-schema.ts';

/**
 * Checks a rendered document before it is written anywhere. XML goes through saxes, a strict,
 * namespace-aware parser that rejects what XML 1.0 rejects (forbidden characters, unescaped `&`,
 * unbound prefixes); JSON must parse and match the JSON Feed 1.1 schema we write.
 */
export interface FeedProblem {
  reason: string;
  /** 1-based, where the parser stopped; absent when the problem is not tied to a position. */
  line?: number;
  column?: number;
}

/** The root element's expanded name, so a caller can tell an RSS document from an Atom one. */
export interface XmlRootName {
  uri: string;
  local: string;
}

export type XmlCheckResult = { ok: true; root: XmlRootName } | { ok: false; problem: FeedProblem };

export type JsonFeedCheckResult = { ok: true } | { ok: false; problem: FeedProblem };

/** saxes prefixes its messages with `line:column: `; the position is reported separately. */
const SAXES_POSITION_PREFIX = /^\d+:\d+: /;

export function checkWellFormedXml(text: string): XmlCheckResult {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: FeedProblem | undefined;
  let root: XmlRootName | undefined;
  parser.on('error', (error) => {
    problem ??= {
      reason: error.message.replace(SAXES_POSITION_PREFIX, ''),
      line: parser.line,
      column: parser.column,
    };
  });
  parser.on('opentag', (tag) => {
    root ??= { uri: tag.uri ?? '', local: tag.local ?? tag.name };
  });
  parser.write(text).close();
  if (problem !== undefined) return { ok: false, problem };
  if (root === undefined) return { ok: false, problem: { reason: 'no root element' } };
  return { ok: true, root };
}

export function checkJsonFeed(text: string): JsonFeedCheckResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: jsonSyntaxProblem(text, error) };
  }
  const result = JsonFeedSchema.safeParse(value);
  if (result.success) return { ok: true };
  return { ok: false, problem: { reason: describeSchemaError(result.error, '(feed)') } };
}

/** V8 reports `… at position N` for most syntax errors; turn that into a line and column. */
function jsonSyntaxProblem(text: string, error: unknown): FeedProblem {
  const reason = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(reason)?.[1];
  if (position === undefined) return { reason };
  const before = text.slice(0, Number(position));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { reason, line: before.split('\n').length, column: before.length - lineStart + 1 };
}
