/**
 * The subset of the EventBridge pattern language that Lambda event-source filters accept and that
 * Feedline uses: nested objects, arrays of exact values, and `{ prefix: "..." }`. Anything else
 * (anything-but, numeric, exists, suffix, wildcard, ...) is rejected when the pump starts rather
 * than silently judged wrong, so the local runtime never lets through what AWS would drop.
 *
 * Semantics (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html):
 * every field named in the pattern must be present and match; a leaf array matches when any of
 * its entries matches; an event value that is itself an array matches when any element matches.
 */
export type FilterPattern = { readonly [field: string]: FilterPattern | readonly FilterPatternValue[] };

export type FilterPatternValue = string | number | boolean | null | { readonly prefix: string };

export class UnsupportedFilterPatternError extends Error {
  override readonly name = 'UnsupportedFilterPatternError';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`filter pattern at ${path || '(root)'}: ${reason}`);
  }
}

/** Throws `UnsupportedFilterPatternError` for any construct outside the supported subset. */
export function assertSupportedFilterPattern(pattern: unknown, path = ''): asserts pattern is FilterPattern {
  if (!isPlainObject(pattern)) throw new UnsupportedFilterPatternError(path, 'must be an object');
  for (const [field, condition] of Object.entries(pattern)) {
    const fieldPath = path ? `${path}.${field}` : field;
    if (Array.isArray(condition)) {
      if (condition.length === 0) throw new UnsupportedFilterPatternError(fieldPath, 'empty value list never matches');
      condition.forEach((value, index) => assertSupportedValue(value, `${fieldPath}[${index}]`));
    } else {
      assertSupportedFilterPattern(condition, fieldPath);
    }
  }
}

function assertSupportedValue(value: unknown, path: string): void {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'prefix' && typeof value.prefix === 'string') return;
    throw new UnsupportedFilterPatternError(path, `unsupported operator ${JSON.stringify(value)}`);
  }
  throw new UnsupportedFilterPatternError(path, `unsupported value ${JSON.stringify(value)}`);
}

/** Whether a record (as Lambda would see it) passes one pattern. */
export function matchesFilterPattern(pattern: FilterPattern, event: unknown): boolean {
  if (!isPlainObject(event)) return false;
  return Object.entries(pattern).every(([field, condition]) => {
    if (!(field in event)) return false;
    const value = event[field];
    if (isValueList(condition)) return matchesValueList(condition, value);
    return matchesFilterPattern(condition, value);
  });
}

/** Lambda lets a record through when any one of the mapping's filters matches. */
export function matchesAnyFilterPattern(patterns: readonly FilterPattern[], event: unknown): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesFilterPattern(pattern, event));
}

function isValueList(condition: FilterPattern | readonly FilterPatternValue[]): condition is readonly FilterPatternValue[] {
  return Array.isArray(condition);
}

function matchesValueList(allowed: readonly FilterPatternValue[], value: unknown): boolean {
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.some((candidate) => allowed.some((rule) => matchesValue(rule, candidate)));
}

function matchesValue(rule: FilterPatternValue, value: unknown): boolean {
  if (rule !== null && typeof rule === 'object') return typeof value === 'string' && value.startsWith(rule.prefix);
  return value === rule;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
