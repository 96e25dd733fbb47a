import { feedObjectKey, feedsOfPost } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { parsePostBatch } from '../shared/post/post-batch.ts';
import type { PostValidationError } from '../shared/post/post-validation.ts';
import type { PostStore } from '../shared/store/post-store.ts';

export interface CommandOutput {
  line(text: string): void;
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Parses the JSON text of one post or an array of posts; all are validated before any write. */
export function readPostsFromJson(text: string, source: string): Post[] {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const batch = parsePostBatch(Array.isArray(input) ? input : [input]);
  if (!batch.ok) throw new AggregatePostError(batch.errors, source);
  return batch.posts;
}

/** Every invalid post of an input, each with its field problems. */
export class AggregatePostError extends Error {
  override readonly name = 'AggregatePostError';
  constructor(
    readonly errors: PostValidationError[],
    source: string,
  ) {
    super(`${source}: ${errors.length} invalid post(s), nothing was written`);
  }
}

export async function putPosts(posts: Post[], store: PostStore, out: CommandOutput, feedServerUrl?: string): Promise<void> {
  for (const post of posts) {
    await store.put(post);
    const feeds = post.status === 'published' ? feedsOfPost(post) : [];
    out.line(`put ${post.id} (${post.status}); feeds: ${feeds.length > 0 ? feeds.join(', ') : 'none (draft)'}`);
    if (feedServerUrl) {
      for (const feedId of feeds) out.line(`  ${new URL(feedObjectKey(feedId, 'atom'), feedServerUrl)}`);
    }
  }
}

export async function deletePost(postId: string, store: PostStore, out: CommandOutput): Promise<boolean> {
  const existed = await store.delete(postId);
  out.line(existed ? `deleted ${postId}` : `no post ${postId}`);
  return existed;
}

export async function listPosts(store: PostStore, out: CommandOutput): Promise<void> {
  const rows: string[] = [];
  for await (const result of store.listAll()) {
    if (result.ok) {
      const { id, status, publishedAt, title } = result.post;
      rows.push(`${publishedAt}  ${status.padEnd(9)}  ${id}  ${title}`);
    } else {
      rows.push(`(invalid)                 ${result.error.postId ?? '?'}  ${result.error.message}`);
    }
  }
  rows.sort().reverse();
  rows.forEach((row) => out.line(row));
  out.line(`${rows.length} post(s)`);
}
