import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { describeOptionProblems } from '../../../cli/option-problems.ts';
import { parsePost } from '../../../shared/post/post-validation.ts';
import { describeSchemaError, fieldProblemsOf } from '../../../shared/validation/field-problems.ts';
import { postInput } from '../../support/post-factory.ts';

const Settings = z.object({ mode: z.enum(['fast', 'safe']), level: z.literal(3), count: z.number(), name: z.string() });

function errorOf(input: unknown): z.ZodError {
  const parsed = Settings.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be rejected');
  return parsed.error;
}

describe('field problems', () => {
  it.each([
    { name: 'a value outside an enum lists the choices', input: { mode: 'slow' }, field: 'mode', reason: 'must be one of fast, safe' },
    { name: 'a wrong literal names the one value', input: { level: 4 }, field: 'level', reason: 'must be 3' },
    { name: 'a missing field is required', input: {}, field: 'name', reason: 'is required' },
    { name: 'a wrong type names both types', input: { count: 'ten' }, field: 'count', reason: 'expected number, received string' },
  ])('$name', ({ input, field, reason }) => {
    expect(fieldProblemsOf(errorOf(input))).toContainEqual({ field, reason });
  });

  it('labels a problem with the whole input by the label given', () => {
    const parsed = z.object({}).safeParse('text');
    if (parsed.success) throw new Error('expected the input to be rejected');
    expect(describeSchemaError(parsed.error, '(feed)')).toBe('(feed): expected object, received string');
  });

  it('words a post author\'s enum mistake as the choices, not zod\'s "Invalid option"', () => {
    const result = parsePost({ ...postInput(), status: 'archived' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('status: must be one of published, draft');
  });

  it('names every problem by the option a CLI user typed', () => {
    expect(describeOptionProblems(errorOf({ mode: 'slow', level: 3, count: 1, name: 'x' }))).toBe('--mode: must be one of fast, safe');
  });
});
