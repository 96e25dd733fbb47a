import type * as z from 'zod';
import { describeFieldProblems, fieldProblemsOf } from '../shared/validation/field-problems.ts';

/** Every problem named by the option the user typed: `--max: must be …; --id: …`. */
export function describeOptionProblems(error: z.ZodError): string {
  return describeFieldProblems(fieldProblemsOf(error).map((problem) => ({ ...problem, field: `--${problem.field}` })));
}
