import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { EventLog } from '../shared/log/event-log.ts';
import type { FeedPublishResult } from '../shared/publish/feed-publisher.ts';
import type { RebuildReport } from '../shared/publish/feed-rebuild.ts';
import type { DlqReplayReport, MessageOutcome } from '../shared/recovery/dlq-replay.ts';
import { createDlqReplay, createFeedRebuild } from '../shared/recovery/recovery-pipeline.ts';
import type { CommandOutput } from './post-commands.ts';
import { resolveRecoveryTarget, type RecoveryTarget, type RecoveryTargetOptions } from './recovery-target.ts';

export const RECOVERY_USAGE = `  rebuild --feed <id>      regenerate one feed (e.g. all, topics/kazakhstan) from its membership items,
                           every archive page included
  rebuild --all            re-derive every feed's membership from the posts, then regenerate every feed
                           and its archive pages
  dlq replay [--max <n>]   re-drive the stream's dead-letter queue (records re-read from the stream;
                           past its 24 h retention, one rebuild --all stands in for them)`;

export const RECOVERY_OPTIONS_USAGE = `  --function <name> rebuild/dlq: the deployed stream function (StreamFunctionName output); its
                    environment names the table, bucket and site, its mapping the DLQ
                    (default: FEEDLINE_FUNCTION, else the running "npm start" pipeline)
  --queue-url <url> dlq replay: the queue, instead of the one on the function's mapping`;

export class RecoveryUsageError extends Error {
  override readonly name = 'RecoveryUsageError';
}

/** The command ran, but something is left to do (a feed failed, a message was kept). */
export class RecoveryIncompleteError extends Error {
  override readonly name = 'RecoveryIncompleteError';
}

/** `all`, `topics/<slug>` or `sources/<id>`: the folder under `feeds/`. */
const FeedIdSchema = z.string().regex(/^(all|(topics|sources)\/[A-Za-z0-9_-]+)$/, 'must be all, topics/<slug> or sources/<id>');

const ArgsSchema = z.object({
  feed: FeedIdSchema.optional(),
  all: z.boolean().optional(),
  function: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  'queue-url': z.url().optional(),
  max: z.coerce.number().int().min(1).max(100_000).optional(),
});

export interface RecoveryContext {
  out: CommandOutput;
  env: Record<string, string | undefined>;
  /** Injected by tests; the CLI resolves the real target. */
  resolveTarget?: (options: RecoveryTargetOptions) => Promise<RecoveryTarget>;
}

/** Progress and warnings go to stderr as the domain logs them; the report goes to `out`. */
const STDERR_LOG: EventLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, attributes) => process.stderr.write(`warning: ${message} ${JSON.stringify(attributes ?? {})}\n`),
  error: (message, attributes) => process.stderr.write(`error: ${message} ${JSON.stringify(attributes ?? {})}\n`),
};

/** `feedline rebuild …` and `feedline dlq replay …`; argv starts with the command name. */
export async function runRecoveryCommand(argv: string[], context: RecoveryContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      feed: { type: 'string' },
      all: { type: 'boolean' },
      function: { type: 'string' },
      region: { type: 'string' },
      'queue-url': { type: 'string' },
      max: { type: 'string' },
    },
  });
  const args = parseRecoveryArgs(values);
  const [command, subcommand, extra] = positionals;
  if (extra !== undefined) throw new RecoveryUsageError(`unexpected argument "${extra}"`);
  const targetOptions: RecoveryTargetOptions = {
    functionName: args.function ?? context.env.FEEDLINE_FUNCTION,
    region: args.region ?? context.env.AWS_REGION,
    queueUrl: args['queue-url'],
    stateFile: context.env.FEEDLINE_LOCAL_STATE,
  };
  if (command === 'rebuild' && subcommand === undefined) return rebuild(args, targetOptions, context);
  if (command === 'dlq' && subcommand === 'replay') return replay(args, targetOptions, context);
  throw new RecoveryUsageError(`unknown or incomplete command "${positionals.join(' ')}"`);
}

function parseRecoveryArgs(values: Record<string, unknown>): z.output<typeof ArgsSchema> {
  const parsed = ArgsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
  throw new RecoveryUsageError(problems.join('; '));
}

async function rebuild(args: z.output<typeof ArgsSchema>, targetOptions: RecoveryTargetOptions, context: RecoveryContext): Promise<void> {
  if ((args.feed === undefined) === (args.all !== true)) throw new RecoveryUsageError('rebuild needs exactly one of --feed <id> or --all');
  const target = await (context.resolveTarget ?? resolveRecoveryTarget)(targetOptions);
  const { rebuild: feedRebuild } = createFeedRebuild(recoveryOptions(target));
  context.out.line(`rebuilding on ${target.description}`);
  if (args.feed !== undefined) {
    const { published, siteIndexWritten } = await feedRebuild.rebuildFeed(args.feed);
    context.out.line(describeFeed(published));
    context.out.line(`index.html ${siteIndexWritten ? 'written' : 'unchanged'}`);
    return;
  }
  const report = await feedRebuild.rebuildAll();
  describeRebuild(report).forEach((line) => context.out.line(line));
  if (report.failed.length > 0) throw new RecoveryIncompleteError(`${report.failed.length} feed(s) failed; the last good files are kept, run it again once fixed`);
}

async function replay(args: z.output<typeof ArgsSchema>, targetOptions: RecoveryTargetOptions, context: RecoveryContext): Promise<void> {
  if (args.feed !== undefined || args.all) throw new RecoveryUsageError('dlq replay takes no --feed or --all');
  const target = await (context.resolveTarget ?? resolveRecoveryTarget)(targetOptions);
  const queue = await target.failedBatchQueue();
  context.out.line(`replaying ${queue.description} on ${target.description}`);
  const dlqReplay = createDlqReplay({ ...recoveryOptions(target), queue, streams: target.streams, region: target.config.aws.region, maxMessages: args.max });
  const report = await dlqReplay.run();
  describeReplay(report).forEach((line) => context.out.line(line));
  const kept = report.outcomes.filter((outcome) => outcome.kind === 'failed' || outcome.kind === 'unreadable' || (outcome.kind === 'expired' && !outcome.rebuilt));
  if (kept.length > 0) throw new RecoveryIncompleteError(`${kept.length} message(s) kept in the queue; see above`);
}

function recoveryOptions(target: RecoveryTarget) {
  return {
    clients: target.clients,
    tableName: target.config.tableName,
    bucketName: target.config.bucketName,
    site: target.config.site,
    log: STDERR_LOG,
  };
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

export function describeRebuild(report: RebuildReport): string[] {
  const writtenFeeds = report.published.filter((result) => result.written.length > 0).length;
  return [
    `scanned ${report.postsScanned} post(s) and ${report.membershipItemsScanned} membership item(s); ` +
      `reconciled ${report.postsReconciled} post(s) (${report.membershipPuts} put, ${report.membershipDeletes} deleted)`,
    ...report.published.map(describeFeed),
    ...report.failed.map((failure) => `  ${failure.feedId}: FAILED ${JSON.stringify(failure.error)}`),
    `${report.published.length} feed(s) regenerated (${writtenFeeds} changed, ${report.published.length - writtenFeeds} unchanged), ` +
      `${report.failed.length} failed; index.html ${report.siteIndexWritten ? 'written' : 'unchanged'}`,
  ];
}

export function describeReplay(report: DlqReplayReport): string[] {
  const lines = report.outcomes.map(describeOutcome);
  if (report.rebuild) lines.push('records past the stream retention: rebuilt every feed instead', ...describeRebuild(report.rebuild));
  const removed = report.outcomes.filter((outcome) => outcome.kind === 'replayed' || (outcome.kind === 'expired' && outcome.rebuilt)).length;
  lines.push(`${report.outcomes.length} message(s): ${removed} replayed and removed, ${report.outcomes.length - removed} kept`);
  return lines;
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
