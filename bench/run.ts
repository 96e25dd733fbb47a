// First import: sets the environment the SDK and Powertools read when they load.
import './bench-env.ts';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { runArchiveBench } from './archive-bench.ts';
import { formatCount, formatMs } from './bench-stats.ts';
import { runBundleBench } from './bundle-bench.ts';
import { runBurstBench } from './burst-bench.ts';
import { runCliBench } from './cli-bench.ts';
import { runFanOutBench } from './fan-out-bench.ts';
import { runLatencyBench } from './latency-bench.ts';
import { runNewsletterBench } from './newsletter-bench.ts';
import { runPollBench } from './poll-bench.ts';
import { runPublicationsBench } from './publications-bench.ts';
import { runPublicationListBench } from './publication-list-bench.ts';
import { runRegenerationBench } from './regeneration-bench.ts';
import { runRenderBench } from './render-bench.ts';
import { runSanitiseBench } from './sanitise-bench.ts';
import { runSubAddBench } from './sub-add-bench.ts';

/**
 * `npm run bench [-- <section>…]`: timings of the publish path, printed as a report. Never part
 * of the tests. Each section starts and stops its own emulators (in its own try/finally).
 */

const SECTION_NAMES = ['render', 'regeneration', 'burst', 'latency', 'bundles', 'poll', 'fanout', 'archive', 'cli', 'subadd', 'sanitise', 'newsletter', 'publications', 'network'] as const;
type SectionName = (typeof SECTION_NAMES)[number];

const ArgsSchema = z.array(z.enum(SECTION_NAMES));

const BenchEnvSchema = z.object({
  /** Posts in the large table of the regeneration section; lower it on a slow machine. */
  BENCH_LARGE_POSTS: z.coerce.number().int().min(1_000).max(1_000_000).default(100_000),
  /** Burst sizes, comma-separated; each runs against fresh emulators. */
  BENCH_BURST_POSTS: z
    .string()
    .default('500,5000')
    .transform((list) => list.split(',').map(Number))
    .pipe(z.array(z.number().int().min(1).max(100_000)).min(1)),
  /** Topics the burst's posts are spread over, one each, round-robin. */
  BENCH_BURST_TOPICS: z.coerce.number().int().min(1).max(500).default(40),
  /** Confirmed subscribers of the newsletter section's issue. */
  BENCH_NEWSLETTER_RECIPIENTS: z.coerce.number().int().min(100).max(1_000_000).default(100_000),
  /** The SES account rate the newsletter section's senders share; unset sends unpaced (14/s would take two hours). */
  BENCH_NEWSLETTER_SEND_RATE: z.coerce.number().positive().max(20_000).optional(),
  /** Posts of the timed publication in the network section's 30 publications. */
  BENCH_NETWORK_POSTS: z.coerce.number().int().min(1_000).max(1_000_000).default(100_000),
  /** Posts of each of its 29 other publications. */
  BENCH_NETWORK_OTHER_POSTS: z.coerce.number().int().min(100).max(100_000).default(1_000),
});

interface Section {
  title: string;
  run: () => Promise<void>;
}

function sections(env: BenchEnv): Record<SectionName, Section> {
  return {
    render: { title: 'Render: µs per item per format', run: runRenderBench },
    regeneration: {
      title: `Regeneration cost vs table size: 1,000 vs ${formatCount(env.BENCH_LARGE_POSTS)} posts`,
      run: () => runRegenerationBench({ largeTablePosts: env.BENCH_LARGE_POSTS }),
    },
    burst: {
      title: `Bursts of ${env.BENCH_BURST_POSTS.map(formatCount).join(' and ')} posts over ${env.BENCH_BURST_TOPICS} topics through the stream`,
      run: () => runBurstBench({ sizes: env.BENCH_BURST_POSTS, topicCount: env.BENCH_BURST_TOPICS }),
    },
    latency: { title: 'Local post-to-feed latency (npm start)', run: runLatencyBench },
    bundles: { title: 'Lambda bundles: size and load time in a fresh Node process', run: runBundleBench },
    poll: { title: 'Poll run: 1,000 subscriptions on 127.0.0.1 (ingest path)', run: runPollBench },
    fanout: { title: 'Poll fan-out: 10,000 subscriptions through the queue with 1, 2 and 4 workers', run: () => runFanOutBench() },
    archive: { title: 'RFC 5005 archive of a 10,000-post feed: full-history rebuild and one edit of an old post', run: runArchiveBench },
    cli: { title: 'feedline CLI in fresh processes: start-up against node -e 0, and the list commands at issue 11 sizes', run: runCliBench },
    subadd: { title: 'feedline sub add in fresh processes against DynamoDB Local, the validation fetch served on 127.0.0.1', run: runSubAddBench },
    newsletter: {
      title: `Newsletter: one issue planned and sent to ${formatCount(env.BENCH_NEWSLETTER_RECIPIENTS)} subscribers through the SES v2 emulator`,
      run: () => runNewsletterBench({ recipients: env.BENCH_NEWSLETTER_RECIPIENTS, ...(env.BENCH_NEWSLETTER_SEND_RATE ? { sendRatePerSecond: env.BENCH_NEWSLETTER_SEND_RATE } : {}) }),
    },
    network: {
      title: `Regeneration in a network of 30 publications (the timed one ${formatCount(env.BENCH_NETWORK_POSTS)} posts) vs a single 1,000-post site`,
      run: () => runPublicationsBench({ measuredPosts: env.BENCH_NETWORK_POSTS, otherPosts: env.BENCH_NETWORK_OTHER_POSTS }),
    },
    publications: { title: 'feedline post list and sub list of one publication in a network table (issue 11 sizes, per publication)', run: runPublicationListBench },
    sanitise: { title: 'Sanitising partner HTML: a 5 MB feed of nested unclosed tags vs 5 MB of ordinary markup (ingest path)', run: runSanitiseBench },
  };
}

function parseArgs(argv: readonly string[]): SectionName[] {
  const parsed = ArgsSchema.safeParse(argv);
  if (parsed.success) return parsed.data.length > 0 ? parsed.data : [...SECTION_NAMES];
  const given = argv.filter((arg) => !(SECTION_NAMES as readonly string[]).includes(arg));
  process.stderr.write(`unknown section ${given.join(', ')}; usage: npm run bench [-- ${SECTION_NAMES.join('|')} …]\n`);
  process.exit(2);
}

type BenchEnv = z.output<typeof BenchEnvSchema>;

function parseEnv(env: NodeJS.ProcessEnv): BenchEnv {
  const parsed = BenchEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  process.stderr.write(`invalid bench environment: ${problems}\n`);
  process.exit(2);
}

function printHeader(names: readonly SectionName[], env: BenchEnv): void {
  const cpus = os.cpus();
  const load = os.loadavg().map((value) => value.toFixed(2)).join(', ');
  console.log('Feedline bench');
  console.log(`  date:     ${new Date().toISOString()}`);
  console.log(`  node:     ${process.version} on ${os.platform()} ${os.arch()}`);
  console.log(`  cpus:     ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
  console.log(`  load:     ${load} (1, 5, 15 min) at start; other work on the machine skews absolute figures, ratios less`);
  console.log(
    `  sections: ${names.join(', ')}; BENCH_LARGE_POSTS=${env.BENCH_LARGE_POSTS}, BENCH_BURST_POSTS=${env.BENCH_BURST_POSTS.join(',')}, BENCH_BURST_TOPICS=${env.BENCH_BURST_TOPICS}, BENCH_NETWORK_POSTS=${env.BENCH_NETWORK_POSTS}, BENCH_NETWORK_OTHER_POSTS=${env.BENCH_NETWORK_OTHER_POSTS}`,
  );
}

/** Runs the sections in order; a failed one is reported in full and the rest still run. */
async function main(): Promise<void> {
  const names = parseArgs(process.argv.slice(2));
  const env = parseEnv(process.env);
  const all = sections(env);
  printHeader(names, env);
  const benchStartedAt = performance.now();
  const failed: SectionName[] = [];
  for (const [index, name] of names.entries()) {
    const section = all[name];
    console.log(`\n${index + 1}. ${section.title}`);
    const startedAt = performance.now();
    try {
      await section.run();
    } catch (error) {
      failed.push(name);
      console.error(`section ${name} failed:`, error);
    } finally {
      console.log(`(section took ${formatMs(performance.now() - startedAt)})`);
    }
  }
  console.log(`\nTotal: ${formatMs(performance.now() - benchStartedAt)}${failed.length > 0 ? `; FAILED: ${failed.join(', ')}` : ''}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
