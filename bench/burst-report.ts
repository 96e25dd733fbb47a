import { STREAM_EVENT_SOURCE } from '../shared/publish/stream/stream-event-source.ts';
import { formatCount, formatMs, formatRate, formatSummary, summarise } from './bench-stats.ts';

/** What one burst measured; the pipeline's S3 calls only (the bench's own check reads are not counted). */
export interface BurstFigures {
  posts: number;
  topics: number;
  feeds: number;
  writeMs: number;
  /** From the first write until the last handler invocation finished. */
  currentMs: number;
  invocations: number;
  largestBatch: number;
  regenerations: number;
  failedFeeds: number;
  /** Handler invocations' durations added up: what Lambda would bill. */
  handlerBusyMs: number;
  heads: number;
  puts: number;
  indexPuts: number;
  queries: number;
  membershipCalls: number;
  membershipSummedMs: number;
  membershipWallMs: number;
  putItem: readonly number[];
  itemsPerFeed: number;
}

/** The figures of the closing note, for one burst size. */
type KeyFigures = Pick<BurstFigures, 'writeMs' | 'currentMs' | 'invocations' | 'regenerations' | 'heads' | 'puts' | 'membershipCalls' | 'membershipWallMs' | 'handlerBusyMs'>;

/**
 * Issue 17's starting point, measured with this bench (40 topics) at commit 83cb20c on a busy
 * machine (load 14 on 2 cores), before the publish path kept its feeds' ETags, took larger batches
 * and wrote membership in parallel. Another run than the figures printed beside them: compare
 * counts and ratios rather than milliseconds.
 */
const BEFORE_ISSUE_17: Readonly<Record<number, KeyFigures>> = {
  500: {
    writeMs: 26_800,
    currentMs: 79_400,
    invocations: 7,
    regenerations: 244,
    heads: 1_053,
    puts: 1_031,
    membershipCalls: 54,
    membershipWallMs: 24_100,
    handlerBusyMs: 75_600,
  },
  5_000: {
    writeMs: 77_800,
    currentMs: 400_200,
    invocations: 53,
    regenerations: 2_111,
    heads: 9_519,
    puts: 9_277,
    membershipCalls: 507,
    membershipWallMs: 38_600,
    handlerBusyMs: 390_200,
  },
};

export function printBurstFigures(figures: BurstFigures): void {
  const requests = figures.heads + figures.puts;
  console.log(
    `\n${formatCount(figures.posts)} posts over ${figures.topics} topics (1 topic each, 16 PutItems in flight; batch size ${STREAM_EVENT_SOURCE.batchSize}, ` +
      `batching window ${STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds} s, parallelization factor ${STREAM_EVENT_SOURCE.parallelizationFactor})`,
  );
  console.log(`  written in ${formatMs(figures.writeMs)} (${formatRate(figures.posts, figures.writeMs, 'posts')}; PutItem ${formatSummary(summarise(figures.putItem))})`);
  console.log(
    `  all ${figures.feeds} feeds current ${formatMs(figures.currentMs)} after the first write: ${(figures.currentMs / figures.writeMs).toFixed(1)}× the write time`,
  );
  console.log(
    `  handler invocations / feed regenerations: ${figures.invocations} / ${formatCount(figures.regenerations)} (largest batch ${figures.largestBatch} records); failed feeds: ${figures.failedFeeds}`,
  );
  console.log(
    `  S3: ${formatCount(figures.heads)} HEAD + ${formatCount(figures.puts)} PUT (${figures.indexPuts} of them index.html) = ${(requests / figures.posts).toFixed(2)} requests per post`,
  );
  console.log(
    `  membership BatchWriteItem: ${formatCount(figures.membershipCalls)} calls, ${formatMs(figures.membershipWallMs)} waited for in the handler` +
      ` (${formatMs(figures.membershipSummedMs)} summed over calls); Query: ${formatCount(figures.queries)}`,
  );
  console.log(`  handler busy ${formatMs(figures.handlerBusyMs)} in all: ${formatMs((figures.handlerBusyMs * 1000) / figures.posts)} per 1,000 posts`);
  console.log(`  checked: every feed lists its newest ${figures.itemsPerFeed} posts in order in RSS, Atom and JSON Feed; 0 failures`);
}

/** Before and after issue 17, side by side, for the sizes this run measured. */
export function printBurstClosingNote(measured: readonly BurstFigures[]): void {
  const compared = measured.filter((figures) => BEFORE_ISSUE_17[figures.posts] !== undefined);
  if (compared.length === 0) return;
  console.log('\nBefore issue 17 (commit 83cb20c, recorded) → now (this run):');
  for (const now of compared) {
    const before = BEFORE_ISSUE_17[now.posts] as KeyFigures;
    console.log(`  ${formatCount(now.posts)} posts:`);
    for (const [label, show] of ROWS) console.log(`    ${label.padEnd(34)} ${show(before, now.posts).padStart(22)} → ${show(now, now.posts)}`);
  }
}

const ROWS: readonly (readonly [string, (figures: KeyFigures, posts: number) => string])[] = [
  ['write time', (f) => formatMs(f.writeMs)],
  ['all feeds current', (f) => `${formatMs(f.currentMs)} (${(f.currentMs / f.writeMs).toFixed(1)}×)`],
  ['invocations / regenerations', (f) => `${f.invocations} / ${formatCount(f.regenerations)}`],
  ['S3 HEAD + PUT (per post)', (f, posts) => `${formatCount(f.heads)} + ${formatCount(f.puts)} (${((f.heads + f.puts) / posts).toFixed(2)})`],
  ['membership BatchWriteItem', (f) => `${formatCount(f.membershipCalls)}, ${formatMs(f.membershipWallMs)}`],
  ['handler time per 1,000 posts', (f, posts) => formatMs((f.handlerBusyMs * 1000) / posts)],
];
