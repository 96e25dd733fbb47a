import { PostSchema, type Post } from './post-schema.ts';
import { describeFieldProblems, fieldProblemsOf, type FieldProblem } from '../validation/field-problems.ts';

/** A post that breaks the model; carries every field problem, not just the first. */
export class PostValidationError extends Error {
  override readonly name = 'PostValidationError';

  constructor(
    readonly problems: FieldProblem[],
    readonly postId?: string,
  ) {
    super(`invalid post${postId ? ` ${postId}` : ''}: ${describeFieldProblems(problems)}`);
  }
}

function idOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const id = (input as Record<string, unknown>).id;
  return typeof id === 'string' ? id : undefined;
}

export type PostParseResult = { ok: true; post: Post } | { ok: false; error: PostValidationError };

/** Validates untrusted input (CLI file, HTTP body, stream image) into a clean `Post`. */
export function parsePost(input: unknown): PostParseResult {
  const result = PostSchema.safeParse(input);
  if (result.success) return { ok: true, post: result.data };
  return { ok: false, error: new PostValidationError(fieldProblemsOf(result.error, '(post)'), idOf(input)) };
}

/** Like `parsePost`, but throws `PostValidationError`. */
export function validatePost(input: unknown): Post {
  const result = parsePost(input);
  if (!result.ok) throw result.error;
  return result.post;
}

/**
 * Validates a stored post against the id its item key names. The key says which post an item is;
 * an image claiming another id would otherwise speak for that post (replace or delete its feed
 * entries) while the post itself stays untouched in the table.
 */
export function parsePostStoredAs(keyPostId: string, input: unknown): PostParseResult {
  const result = parsePost(input);
  if (!result.ok || result.post.id === keyPostId) return result;
  const problem = { field: 'id', reason: `is "${result.post.id}" but the item key names post "${keyPostId}"` };
  return { ok: false, error: new PostValidationError([problem], keyPostId) };
}
