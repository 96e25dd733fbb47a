/**
 * Sanitising a 5 MB partner feed of nested unclosed tags (`<div><span>` repeated: the markup that
 * made sanitize-html quadratic) next to a 5 MB feed of ordinary article markup, item for item
 * the same sizes. The requirement is a ratio of at most 2: hostile markup costs no more than
 * its size. Also prints the slowest single item (how long the poller's event loop is held
 * between its yields) and the XML parse of each document, for scale.
 *
 * Run: `npm run bench -- sanitise`, or on its own `node --import tsx bench/sanitise-bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { identityKeyOf, ingestedPostId } from '../shared/ingest/normalise/item-identity.ts';
import { MAX_ITEM_CHARACTERS, normaliseItem } from '../shared/ingest/normalise/normalise-item.ts';
import { parseFeed } from '../shared/ingest/parse/parse-feed.ts';
import type { ParsedFeed } from '../shared/ingest/parse/parsed-feed.ts';
import { sanitiseHtml } from '../shared/ingest/sanitise/sanitise-html.ts';
import { formatMs, formatRatio, median } from './bench-stats.ts';

const ITEMS = 5;
/** Just under the per-item limit, so every body is read: 5 items make a 5 MB document. */
const BODY_CHARACTERS = MAX_ITEM_CHARACTERS - 10_000;
const RUNS = 5;
const FEED_URL = 'https://partner.example/feed.xml';

const ORDINARY_PARAGRAPH =
  '<p>Residents of the <b>district</b> said the decision was taken <em>without a hearing</em>, and that the notice was posted only on the door of the administration building. <a href="/context">Background</a> <img src="/img/door.jpg" alt="The door" width="640" height="480"></p>';

interface Candidate {
  name: string;
  body: string;
}

const CANDIDATES: Candidate[] = [
  { name: 'ordinary markup', body: repeatTo(ORDINARY_PARAGRAPH, BODY_CHARACTERS) },
  { name: 'nested unclosed tags', body: repeatTo('<div><span>x', BODY_CHARACTERS) },
];

interface Measured {
  documentBytes: number;
  parseMs: number;
  sanitiseMs: number[];
  normaliseMs: number[];
  slowestItemMs: number;
}

export async function runSanitiseBench(): Promise<void> {
  const measured = new Map<string, Measured>();
  const feeds = new Map<string, ParsedFeed>();
  for (const candidate of CANDIDATES) {
    const document = rssOf(candidate.body);
    const started = performance.now();
    feeds.set(candidate.name, await parseFeed(document));
    measured.set(candidate.name, { documentBytes: Buffer.byteLength(document), parseMs: performance.now() - started, sanitiseMs: [], normaliseMs: [], slowestItemMs: 0 });
  }
  // Interleaved runs, so drift in the machine's load touches both candidates alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const candidate of CANDIDATES) measureRun(feeds.get(candidate.name) as ParsedFeed, measured.get(candidate.name) as Measured);
  }
  report(measured);
}

function measureRun(feed: ParsedFeed, into: Measured): void {
  let started = performance.now();
  for (const item of feed.items) sanitiseHtml(item.contentHtml ?? item.summary ?? '', item.link ?? FEED_URL);
  into.sanitiseMs.push(performance.now() - started);
  const source = { subscriptionId: 'bench', feedUrl: FEED_URL, documentUrl: FEED_URL, topics: [] };
  started = performance.now();
  for (const item of feed.items) {
    const itemStarted = performance.now();
    const result = normaliseItem(item, { source, feed, postId: ingestedPostId('bench', identityKeyOf(item, FEED_URL)), fetchedAt: '2026-11-25T12:00:00.000Z' });
    if (!result.ok) throw new Error(`bench item rejected: ${result.reason}`);
    into.slowestItemMs = Math.max(into.slowestItemMs, performance.now() - itemStarted);
  }
  into.normaliseMs.push(performance.now() - started);
}

function report(measured: Map<string, Measured>): void {
  const [ordinary, hostile] = CANDIDATES.map((candidate) => measured.get(candidate.name) as Measured);
  if (!ordinary || !hostile) return;
  console.log(`  ${ITEMS} items of ${(BODY_CHARACTERS / 1e6).toFixed(2)} M characters each; median of ${RUNS} runs`);
  for (const candidate of CANDIDATES) {
    const result = measured.get(candidate.name) as Measured;
    const sanitise = median(result.sanitiseMs);
    console.log(
      `    ${candidate.name.padEnd(22)} ${(result.documentBytes / 1e6).toFixed(2)} MB: sanitise ${formatMs(sanitise)} (${(result.documentBytes / 1e3 / sanitise).toFixed(1)} MB/s), normalise ${formatMs(median(result.normaliseMs))}, slowest item ${formatMs(result.slowestItemMs)}, XML parse ${formatMs(result.parseMs)}`,
    );
  }
  console.log(`    hostile / ordinary     ${formatRatio(median(hostile.sanitiseMs), median(ordinary.sanitiseMs))} sanitising, ${formatRatio(median(hostile.normaliseMs), median(ordinary.normaliseMs))} normalising (requirement: at most 2×)`);
  console.log('    the poller yields between items: "slowest item" bounds how long one item holds its event loop; the XML parse is one step');
}

function rssOf(body: string): string {
  const items = Array.from(
    { length: ITEMS },
    (_, index) => `<item><title>Story ${index}</title><link>https://partner.example/stories/${index}</link><guid>s-${index}</guid><description><![CDATA[${body}]]></description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Partner</title><link>https://partner.example/</link><description>Bench feed</description>${items.join('')}</channel></rss>`;
}

function repeatTo(unit: string, characters: number): string {
  return unit.repeat(Math.floor(characters / unit.length));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log('Sanitising: 5 MB of nested unclosed tags vs 5 MB of ordinary markup');
  await runSanitiseBench();
}
