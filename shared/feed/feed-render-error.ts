import type { FeedFormat, FeedId } from './feed-id.ts';
import type { FeedProblem } from './check-feed-document.ts';

/**
 * A rendered feed that must not be published: ill-formed XML, invalid JSON Feed, or a renderer
 * that failed. Carries the feed, the format and the posts it held, so the log points at the
 * content to look at.
 */
export class FeedRenderError extends Error {
  override readonly name = 'FeedRenderError';
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    readonly feedId: FeedId,
    readonly format: FeedFormat,
    readonly postIds: string[],
    problem: FeedProblem,
    options?: ErrorOptions,
  ) {
    super(`feed ${feedId} (${format}) failed its check: ${describeProblem(problem)}; posts: ${describePosts(postIds)}`, options);
    this.reason = problem.reason;
    if (problem.line !== undefined) this.line = problem.line;
    if (problem.column !== undefined) this.column = problem.column;
  }
}

function describeProblem(problem: FeedProblem): string {
  if (problem.line === undefined) return problem.reason;
  return `${problem.reason} (line ${problem.line}, column ${problem.column ?? '?'})`;
}

function describePosts(postIds: string[]): string {
  return postIds.length > 0 ? postIds.join(', ') : '(none)';
}
