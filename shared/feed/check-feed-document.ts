import { describeSchemaError } from '../validation/field-problems.ts';
import { JsonFeedSchema } from './json-feed-schema.ts';
import { checkXmlWellFormedness } from './xml-well-formedness.ts';

/**
 * Checks a rendered document before it is written anywhere. XML must be well-formed XML 1.0 and
 * namespace-well-formed (`xml-well-formedness.ts`: forbidden characters, unescaped `&`, unbound
 * prefixes and the rest); JSON must parse and match the JSON Feed 1.1 schema we write.
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

export function checkWellFormedXml(text: string): XmlCheckResult {
  return checkXmlWellFormedness(text);
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
