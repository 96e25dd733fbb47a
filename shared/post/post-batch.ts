import type { Post } from './post-schema.ts';
import { PostValidationError, parsePost } from './post-validation.ts';

export type PostBatchResult = { ok: true; posts: Post[] } | { ok: false; errors: PostValidationError[] };

/**
 * Validates the posts of one input (a file, a request body) together, so that all or none are
 * written: every post's own problems, and every id given more than once, since writing both
 * would silently keep only the last.
 */
export function parsePostBatch(inputs: readonly unknown[]): PostBatchResult {
  const posts: Post[] = [];
  const errors: PostValidationError[] = [];
  // Entries are counted from 1, as a person reading the file counts them.
  const entriesById = new Map<string, number[]>();
  inputs.forEach((input, index) => {
    const result = parsePost(input);
    if (!result.ok) return void errors.push(result.error);
    posts.push(result.post);
    entriesById.set(result.post.id, [...(entriesById.get(result.post.id) ?? []), index + 1]);
  });
  errors.push(...duplicateIdErrors(entriesById));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, posts };
}

function duplicateIdErrors(entriesById: Map<string, number[]>): PostValidationError[] {
  return [...entriesById]
    .filter(([, entries]) => entries.length > 1)
    .map(([id, entries]) => new PostValidationError([{ field: 'id', reason: `given ${entries.length} times (entries ${listed(entries)})` }], id));
}

function listed(entries: number[]): string {
  return entries.length === 2 ? entries.join(' and ') : `${entries.slice(0, -1).join(', ')} and ${entries.at(-1)}`;
}
