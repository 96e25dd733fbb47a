import { feedObjectKey, feedsOfPost } from '../shared/feed/feed-id.ts';
import type { Post } from '../shared/post/post-schema.ts';
import { parsePostBatch } from '../shared/post/post-batch.ts';
import { PostValidationError, type PostParseResult } from '../shared/post/post-validation.ts';
import { PostStore } from '../shared/store/post-store.ts';
import { CommandIncompleteError, InputError } from './cli-errors.ts';
import type { CommandContext, CommandInput, CommandOutput } from './command-table.ts';
import { parseJsonInput, readInputText } from './input-text.ts';

/** Parses the JSON text of one post or an array of posts; all are validated before any write. */
export function readPostsFromJson(text: string, source: string): Post[] {
  const input = parseJsonInput(text, source);
  const batch = parsePostBatch(Array.isArray(input) ? input : [input]);
  if (!batch.ok) throw new AggregatePostError(batch.errors, source);
  return batch.posts;
}

/** Every invalid post of an input, each with its field problems. */
export class AggregatePostError extends InputError {
  override readonly name = 'AggregatePostError';
  constructor(
    readonly errors: PostValidationError[],
    source: string,
  ) {
    super(
      `${source}: ${errors.length} invalid post(s), nothing was written`,
      errors.flatMap((invalid) => [`post ${invalid.postId ?? '(no id)'}:`, ...invalid.problems.map((problem) => `  ${problem.field}: ${problem.reason}`)]),
    );
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

export async function listPosts(store: PostStore, out: CommandOutput, format: 'text' | 'json' = 'text'): Promise<void> {
  const results: PostParseResult[] = [];
  for await (const result of store.listAll()) results.push(result);
  results.sort(newestFirst);
  if (format === 'json') return out.line(JSON.stringify(results.map(listedJson)));
  results.forEach((result) => out.line(listedRow(result)));
  out.line(`${results.length} post(s)`);
}

function listedRow(result: PostParseResult): string {
  if (!result.ok) return `(invalid)                 ${result.error.postId ?? '?'}  ${result.error.message}`;
  const { id, status, publishedAt, title } = result.post;
  return `${publishedAt}  ${status.padEnd(9)}  ${id}  ${title}`;
}

function listedJson(result: PostParseResult): unknown {
  return result.ok ? result.post : { id: result.error.postId, invalid: result.error.message };
}

/** Newest first, ties by id; invalid posts (no trusted date) last. */
function newestFirst(a: PostParseResult, b: PostParseResult): number {
  const key = (result: PostParseResult) => (result.ok ? `${result.post.publishedAt}#${result.post.id}` : '');
  return key(b).localeCompare(key(a));
}

/** `post put <file.json|->`: the input is validated before connecting anywhere. */
export async function runPostPut({ positionals: [path = '-'] }: CommandInput, context: CommandContext): Promise<void> {
  const posts = readPostsFromJson(await readInputText(path), path === '-' ? 'stdin' : path);
  const target = await context.target();
  await putPosts(posts, new PostStore(target.clients.documents, target.tableName), context.out, target.feedServerUrl);
}

/** `post delete <id>...`: deletes every one that exists; exit 1 names those that did not. */
export async function runPostDelete({ positionals: postIds }: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const store = new PostStore(target.clients.documents, target.tableName);
  const missing: string[] = [];
  for (const postId of postIds) if (!(await deletePost(postId, store, context.out))) missing.push(postId);
  if (missing.length > 0) throw new CommandIncompleteError(`${missing.length} of ${postIds.length} post(s) did not exist: ${missing.join(', ')}`);
}

export async function runPostList({ values }: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  await listPosts(new PostStore(target.clients.documents, target.tableName), context.out, values.json === true ? 'json' : 'text');
}
