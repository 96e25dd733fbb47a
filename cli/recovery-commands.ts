import { z } from 'zod';
import type { PostValidationError } from '../shared/post/post-validation.ts';
import type { FeedPublishResult } from '../shared/publish/feed-publisher.ts';
import type { RebuildReport } from '../shared/recovery/feed-rebuild.ts';
import type { DlqReplayReport, MessageOutcome, PublicationRebuild } from '../shared/recovery/dlq-replay.ts';
import { createDlqReplay, createPublicationRecovery, PublicationUnavailableError, type PublicationRecovery } from '../shared/recovery/recovery-pipeline.ts';
import { isDefaultPublication, publicationObjectPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { CommandIncompleteError, InputError, UsageError } from './cli-errors.ts';
import { streamFunctionConfigOf, streamsClientOf, type CliTarget } from './cli-target.ts';
import type { CommandContext, CommandInput } from './command-table.ts';
import { refuseUnknownFeed } from './known-feed.ts';
import { describeOptionProblems } from './option-problems.ts';
import { STDERR_LOG } from './stderr-log.ts';
import { publicationOption, refuseUnknownPublication } from './publication-option.ts';

/** `all`, `topics/<slug>`, `sources/<id>` or `shows/<id>`: the folder under `feeds/`. */
const FeedIdSchema = z.string().regex(/^(all|(topics|sources|shows)\/[A-Za-z0-9_-]+)$/, 'must be all, topics/<slug>, sources/<id> or shows/<id>');

const ArgsSchema = z.object({
  feed: FeedIdSchema.optional(),
  all: z.boolean().optional(),
  'queue-url': z.url().optional(),
  max: z.coerce.number().int().min(1).max(100_000).optional(),
  publication: z.string().optional(),
});

/** `rebuild --feed <id>` or `rebuild --all`, in one publication (the default one unless named). */
export async function runRebuild({ values }: CommandInput, context: CommandContext): Promise<void> {
  const args = parseRecoveryArgs(values);
  if ((args.feed === undefined) === (args.all !== true)) throw new UsageError('rebuild needs exactly one of --feed <id> or --all');
  const publicationId = publicationOption(values);
  const target = await context.target();
  await refuseUnknownPublication(target, publicationId);
  const { rebuild: feedRebuild } = await publicationRecovery(target, publicationId);
  if (args.feed !== undefined) await refuseUnknownFeed(target, args.feed, publicationId);
  const siteIndex = `${publicationObjectPrefix(publicationId)}index.html`;
  context.out.line(`rebuilding ${isDefaultPublication(publicationId) ? '' : `publication ${publicationId} `}on ${target.description}`);
  if (args.feed !== undefined) {
    const { published, siteIndexWritten } = await feedRebuild.rebuildFeed(args.feed);
    context.out.line(describeFeed(published));
    context.out.line(`${siteIndex} ${siteIndexWritten ? 'written' : 'unchanged'}`);
    return;
  }
  const report = await feedRebuild.rebuildAll();
  describeRebuild(report, siteIndex).forEach((line) => context.out.line(line));
  if (report.failed.length > 0) throw new CommandIncompleteError(`${report.failed.length} feed(s) failed; the last good files are kept, run it again once fixed`);
}

/** The publication's recovery with its own settings; broken settings are one clean line, nothing written. */
async function publicationRecovery(target: CliTarget, publicationId: PublicationId): Promise<PublicationRecovery> {
  try {
    return await createPublicationRecovery(recoveryOptions(target, 'rebuild'), publicationId);
  } catch (error) {
    if (error instanceof PublicationUnavailableError) throw new InputError(`${error.message}: fix them with feedline pub update ${publicationId}`);
    throw error;
  }
}

/** `dlq replay [--max <n>]`: every message replayed is removed; those kept make the exit code 1. */
export async function runDlqReplay({ values }: CommandInput, context: CommandContext): Promise<void> {
  const args = parseRecoveryArgs(values);
  const target = await context.target();
  const options = recoveryOptions(target, 'dlq replay');
  const queue = await target.failedBatchQueue();
  context.out.line(`replaying ${queue.description} on ${target.description}`);
  const dlqReplay = createDlqReplay({ ...options, queue, streams: await streamsClientOf(target), region: target.clientOptions.region, maxMessages: args.max });
  const report = await dlqReplay.run();
  describeReplay(report).forEach((line) => context.out.line(line));
  const kept = report.outcomes.filter((outcome) => outcome.kind === 'failed' || outcome.kind === 'unreadable' || (outcome.kind === 'expired' && !outcome.rebuilt));
  if (kept.length > 0) throw new CommandIncompleteError(`${kept.length} message(s) kept in the queue; see above`);
}

function parseRecoveryArgs(values: CommandInput['values']): z.output<typeof ArgsSchema> {
  const parsed = ArgsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new UsageError(describeOptionProblems(parsed.error));
}

function recoveryOptions(target: CliTarget, command: string) {
  const config = streamFunctionConfigOf(target, command);
  return { clients: target.clients, tableName: config.tableName, bucketName: config.bucketName, site: config.site, log: STDERR_LOG };
}

function describeFeed(result: FeedPublishResult): string {
  const written = result.written.length > 0 ? `written ${result.written.join(', ')}` : '';
  const unchanged = result.unchanged.length > 0 ? `unchanged ${result.unchanged.join(', ')}` : '';
  return `  ${result.feedId}: ${[written, unchanged].filter(Boolean).join('; ')} (${result.itemCount} items)${describeArchive(result)}`;
}

function describeArchive({ archive }: FeedPublishResult): string {
  if (archive.pageCount === 0) return '';
  const closed = archive.closed.length > 0 ? `${archive.closed.length} closed, ` : '';
  return `; archive: ${archive.pageCount} page(s), ${closed}${archive.written.length} written, ${archive.unchanged.length} unchanged`;
}

function describeInvalidPost(error: PostValidationError): string {
  return `  ${error.message}; left out of every feed`;
}

export function describeRebuild(report: RebuildReport, siteIndex = 'index.html'): string[] {
  const writtenFeeds = report.published.filter((result) => result.written.length > 0).length;
  return [
    `scanned ${report.postsScanned} post(s) and ${report.membershipItemsScanned} membership item(s); ` +
      `reconciled ${report.postsReconciled} post(s) (${report.membershipPuts} put, ${report.membershipDeletes} deleted)`,
    ...report.invalidPosts.map(describeInvalidPost),
    ...report.published.map(describeFeed),
    ...report.failed.map((failure) => `  ${failure.feedId}: FAILED ${JSON.stringify(failure.error)}`),
    `${report.published.length} feed(s) regenerated (${writtenFeeds} changed, ${report.published.length - writtenFeeds} unchanged), ` +
      `${report.failed.length} failed; ${siteIndex} ${report.siteIndexWritten ? 'written' : 'unchanged'}`,
  ];
}

export function describeReplay(report: DlqReplayReport): string[] {
  const lines = report.outcomes.flatMap((outcome) => [describeOutcome(outcome), ...(outcome.kind === 'replayed' ? outcome.invalidPosts.map(describeInvalidPost) : [])]);
  if (report.rebuilds) lines.push('records past the stream retention: rebuilt every feed instead', ...report.rebuilds.flatMap(describePublicationRebuild));
  const removed = report.outcomes.filter((outcome) => outcome.kind === 'replayed' || (outcome.kind === 'expired' && outcome.rebuilt)).length;
  lines.push(`${report.outcomes.length} message(s): ${removed} replayed and removed, ${report.outcomes.length - removed} kept`);
  return lines;
}

function describePublicationRebuild(rebuild: PublicationRebuild): string[] {
  if ('error' in rebuild) return [`publication ${rebuild.publicationId}: FAILED ${JSON.stringify(rebuild.error)}`];
  return [`publication ${rebuild.publicationId}:`, ...describeRebuild(rebuild.report, `${publicationObjectPrefix(rebuild.publicationId)}index.html`)];
}

function describeOutcome(outcome: MessageOutcome): string {
  switch (outcome.kind) {
    case 'replayed':
      return (
        `${outcome.messageId}: ${outcome.batch.shardId} ${outcome.batch.startSequenceNumber}..${outcome.batch.endSequenceNumber}, ` +
        `${outcome.records} record(s), post(s) ${outcome.postIds.join(', ') || '(none)'}; feeds ${outcome.feeds.map((feed) => feed.feedId).join(', ') || '(none)'}; removed`
      );
    case 'expired':
      return `${outcome.messageId}: ${outcome.reason}; ${outcome.rebuilt ? 'covered by the rebuild, removed' : 'kept'}`;
    case 'failed':
      return `${outcome.messageId}: ${outcome.failedFeeds.length > 0 ? `feeds ${outcome.failedFeeds.join(', ')} failed` : 'replay failed'} (${outcome.reason}); kept`;
    case 'unreadable':
      return `${outcome.messageId}: ${outcome.reason}; kept for a human`;
  }
}
