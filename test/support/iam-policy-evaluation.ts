/**
 * A small evaluator of IAM policy statements, for the operators Feedline's policies use and
 * nothing else: an operator it does not know throws, so a test can never pass on a condition it
 * did not understand. Condition values may hold policy variables (`${aws:PrincipalTag/x}`); as in
 * IAM, a variable with no value in the request makes its condition fail.
 */

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The request context: single-valued keys are strings, multi-valued ones (LeadingKeys) arrays. */
export type RequestContext = Record<string, string | string[] | undefined>;

export interface EvaluatedRequest {
  action: string;
  context: RequestContext;
}

/** True when some Allow statement with this action has every condition met (there is no Deny here). */
export function isAllowed(statements: readonly PolicyStatement[], request: EvaluatedRequest): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      asArray(statement.Action).includes(request.action) &&
      Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, values]) => conditionHolds(operator, request.context[key], asArray(values), request.context)),
      ),
  );
}

function conditionHolds(operator: string, actual: string | string[] | undefined, policyValues: string[], context: RequestContext): boolean {
  if (operator === 'Null') return (actual === undefined) === (policyValues[0] === 'true');
  const expected = policyValues.map((value) => substituted(value, context));
  if (expected.some((value) => value === undefined)) return false;
  const patterns = expected as string[];
  switch (operator) {
    case 'StringEquals':
      return typeof actual === 'string' && patterns.includes(actual);
    case 'StringNotEquals':
      // IAM: a missing key makes a negated string operator true.
      return typeof actual !== 'string' || !patterns.includes(actual);
    case 'StringLike':
      return typeof actual === 'string' && patterns.some((pattern) => globMatches(pattern, actual));
    case 'ForAllValues:StringLike':
      return asArray(actual ?? []).every((value) => patterns.some((pattern) => globMatches(pattern, value)));
    default:
      throw new Error(`the test evaluator does not know the condition operator ${operator}`);
  }
}

/** Replaces `${key}` with the request's value of key; undefined when a key has no single value. */
function substituted(value: string, context: RequestContext): string | undefined {
  let missing = false;
  const result = value.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
    const resolved = context[key];
    if (typeof resolved !== 'string') missing = true;
    return typeof resolved === 'string' ? resolved : '';
  });
  return missing ? undefined : result;
}

/** StringLike: `*` is any run of characters, `?` exactly one; everything else is literal and case-sensitive. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
