import { feedObjectKey, feedsOfPost } from '../shared/feed/feed-id.ts';
import { publicationOfPost, type Post } from '../shared/post/post-schema.ts';
import { parsePostBatch } from '../shared/post/post-batch.ts';
import { PostValidationError, type PostParseResult } from '../shared/post/post-validation.ts';
import { isDefaultPublication, publicationObjectPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { PostStore } from '../shared/store/post-store.ts';
import { PublishedPosts, type PublishedPostSummary } from '../shared/store/published-posts.ts';
import { CommandIncompleteError, InputError } from './cli-errors.ts';
import type { CommandContext, CommandInput, CommandOutput } from './command-table.ts';
import { parseJsonInput, readInputText } from './input-text.ts';
import { knownPublication, publicationOption, refuseUnknownPublication } from './publication-option.ts';

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
    const publication = publicationOfPost(post);
    out.line(`put ${post.id} (${post.status}${post.publication ? ` in ${publication}` : ''}); feeds: ${feeds.length > 0 ? feeds.join(', ') : 'none (draft)'}`);
    if (feedServerUrl) {
      for (const feedId of feeds) out.line(`  ${new URL(publicationObjectPrefix(publication) + feedObjectKey(feedId, 'atom'), feedServerUrl)}`);
    }
  }
}

export async function deletePost(postId: string, publicationId: PublicationId, store: PostStore, out: CommandOutput): Promise<boolean> {
  const existed = await store.delete(postId, publicationId);
  out.line(existed ? `deleted ${postId}` : `no post ${postId}`);
  return existed;
}

/** Every post item of the publication, drafts and invalid ones flagged: the Scan of `--all-items`. */
export async function listAllPostItems(store: PostStore, publicationId: PublicationId, out: CommandOutput, format: 'text' | 'json' = 'text'): Promise<void> {
  const results: PostParseResult[] = [];
  for await (const result of store.listAll(publicationId)) results.push(result);
  results.sort(newestFirst);
  if (format === 'json') return out.line(JSON.stringify(results.map(listedJson)));
  results.forEach((result) => out.line(listedRow(result)));
  out.line(`${results.length} post(s)`);
}

/** The publication's published posts, newest first, from its `all` feed: O(pages), no Scan. */
export async function listPublishedPosts(posts: PublishedPosts, publicationId: PublicationId, out: CommandOutput, format: 'text' | 'json' = 'text'): Promise<void> {
  if (format === 'json') {
    const listed: Record<string, unknown>[] = [];
    for await (const post of posts.posts(publicationId)) listed.push(post);
    return out.line(JSON.stringify(listed));
  }
  let count = 0;
  for await (const summary of posts.summaries(publicationId)) {
    out.line(summaryRow(summary));
    count += 1;
  }
  out.line(`${count} published post(s)`);
}

function listedRow(result: PostParseResult): string {
  if (!result.ok) return `(invalid)                 ${result.error.postId ?? '?'}  ${result.error.message}`;
  return summaryRow(result.post);
}

function summaryRow({ id, status, publishedAt, title }: PublishedPostSummary): string {
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
export async function runPostPut({ positionals: [path = '-'], values }: CommandInput, context: CommandContext): Promise<void> {
  const source = path === '-' ? 'stdin' : path;
  const posts = inPublication(readPostsFromJson(await readInputText(path), source), values, source);
  const target = await context.target();
  for (const publicationId of new Set(posts.map(publicationOfPost))) await refuseUnknownPublication(target, publicationId);
  await putPosts(posts, new PostStore(target.clients.documents, target.tableName), context.out, target.feedServerUrl);
}

/**
 * With `--publication`, posts that name none go to it and a post naming another is refused (a
 * file meant for one service must not slip into another). Without it, each post goes to the
 * publication it names, or the default one.
 */
function inPublication(posts: Post[], values: CommandInput['values'], source: string): Post[] {
  if (values.publication === undefined) return posts;
  const publicationId = publicationOption(values);
  const elsewhere = posts.filter((post) => post.publication !== undefined && post.publication !== publicationId);
  if (elsewhere.length > 0) {
    throw new InputError(
      `${source}: ${elsewhere.length} post(s) name another publication than --publication ${publicationId}, nothing was written`,
      elsewhere.map((post) => `post ${post.id}: publication is "${post.publication ?? ''}"`),
    );
  }
  // The default publication's posts stay without the field, as every post written before publications.
  if (isDefaultPublication(publicationId)) return posts;
  return posts.map((post) => ({ ...post, publication: publicationId }));
}

/** `post delete <id>...`: deletes every one that exists; exit 1 names those that did not. */
export async function runPostDelete({ positionals: postIds, values }: CommandInput, context: CommandContext): Promise<void> {
  publicationOption(values);
  const target = await context.target();
  const publicationId = await knownPublication(values, target);
  const store = new PostStore(target.clients.documents, target.tableName);
  const missing: string[] = [];
  for (const postId of postIds) if (!(await deletePost(postId, publicationId, store, context.out))) missing.push(postId);
  if (missing.length > 0) throw new CommandIncompleteError(`${missing.length} of ${postIds.length} post(s) did not exist: ${missing.join(', ')}`);
}

/** `post list`: published posts from the `all` feed; `--all-items` scans for drafts and invalid items too. */
export async function runPostList({ values }: CommandInput, context: CommandContext): Promise<void> {
  publicationOption(values);
  const target = await context.target();
  const publicationId = await knownPublication(values, target);
  const format = values.json === true ? 'json' : 'text';
  const { documents } = target.clients;
  if (values['all-items'] === true) return listAllPostItems(new PostStore(documents, target.tableName), publicationId, context.out, format);
  await listPublishedPosts(new PublishedPosts(documents, target.tableName), publicationId, context.out, format);
}
