import { PostSchema, publicationOfPost, type Post } from './post-schema.ts';
import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';
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

/** Which post an item's key names; a bare post id names a post of the default publication. */
export type StoredPostKey = { publicationId: PublicationId; postId: string };

/**
 * Validates a stored post against the post and publication its item key names. The key says which
 * post an item is; an image claiming another id, or another publication, would otherwise speak
 * for that post (replace or delete its feed entries) while the post itself stays untouched.
 */
export function parsePostStoredAs(storedAs: string | StoredPostKey, input: unknown): PostParseResult {
  const key = typeof storedAs === 'string' ? { publicationId: DEFAULT_PUBLICATION_ID, postId: storedAs } : storedAs;
  const result = parsePost(input);
  if (!result.ok) return result;
  const problems = keyMismatches(key, result.post);
  return problems.length === 0 ? result : { ok: false, error: new PostValidationError(problems, key.postId) };
}

function keyMismatches(key: StoredPostKey, post: Post): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (post.id !== key.postId) problems.push({ field: 'id', reason: `is "${post.id}" but the item key names post "${key.postId}"` });
  const publication = publicationOfPost(post);
  if (publication !== key.publicationId) {
    problems.push({ field: 'publication', reason: `is "${publication}" but the item key names publication "${key.publicationId}"` });
  }
  return problems;
}
