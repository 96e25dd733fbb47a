import type * as z from './zod-mini.ts';

export interface FieldProblem {
  /** Dotted path to the field, e.g. `authors.0.email`; the whole input's label when the path is empty. */
  field: string;
  reason: string;
}

/**
 * Every problem zod found, each worded for whoever supplied the input (an author, an operator, a
 * CLI user), so the same mistake reads the same wherever it is made.
 */
export function fieldProblemsOf(error: z.core.$ZodError, wholeInput = '(root)'): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : wholeInput,
    reason: reasonOf(issue),
  }));
}

/** `field: reason; field: reason`, the form every error message carries. */
export function describeFieldProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; ');
}

export function describeSchemaError(error: z.core.$ZodError, wholeInput?: string): string {
  return describeFieldProblems(fieldProblemsOf(error, wholeInput));
}

/** Zod's type and option messages are written for programmers; say what the input must be. */
function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return oneOf(issue.values);
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.message.endsWith('received undefined')) return 'is required';
  return issue.message.replace(/^Invalid input: /, '');
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return listed.length === 1 ? `must be ${listed[0]}` : `must be one of ${listed.join(', ')}`;
}
