/**
 * One parser's throughput on a ~200 KB RSS document, in a process of its own (FIELD-NOTES: a
 * parser's speed depends on what else the process ran). Prints one JSON line. `rss-parser` is the
 * baseline: the library Feedline parsed with before its own saxes reader (kept as a devDependency
 * for this comparison only).
 *
 * Run: `node --import tsx bench/parse-throughput.ts feedline|rss-parser|feedline-normalised`
 */
import { performance } from 'node:perf_hooks';
import Parser from 'rss-parser';
import { decodeBody } from '../shared/ingest/decode/decode-body.ts';
import { identityKeyOf, ingestedPostId } from '../shared/ingest/normalise/item-identity.ts';
import { normaliseItem } from '../shared/ingest/normalise/normalise-item.ts';
import { parseFeed } from '../shared/ingest/parse/parse-feed.ts';
import { syntheticRss } from './synthetic-partner-feeds.ts';

const WARM_UP = 20;
const RUNS = 60;
const FEED_URL = 'https://partner-1.example/feed.xml';

type Candidate = 'feedline' | 'rss-parser' | 'feedline-normalised';

async function parseOnce(candidate: Candidate, body: Buffer, plain: Parser): Promise<number> {
  if (candidate === 'rss-parser') return (await plain.parseString(body.toString('utf8'))).items.length;
  const feed = await parseFeed(decodeBody(body, 'application/rss+xml; charset=utf-8').text);
  if (candidate === 'feedline') return feed.items.length;
  const source = { subscriptionId: 'bench', feedUrl: FEED_URL, documentUrl: FEED_URL, topics: [] };
  for (const item of feed.items) {
    normaliseItem(item, { source, feed, postId: ingestedPostId('bench', identityKeyOf(item, FEED_URL)), fetchedAt: '2026-11-25T12:00:00.000Z' });
  }
  return feed.items.length;
}

async function main(): Promise<void> {
  const candidate = process.argv[2] as Candidate;
  if (!['feedline', 'rss-parser', 'feedline-normalised'].includes(candidate)) throw new Error(`unknown parser ${candidate}`);
  const body = Buffer.from(syntheticRss(1, 0, 220));
  const plain = new Parser();
  for (let run = 0; run < WARM_UP; run += 1) await parseOnce(candidate, body, plain);
  const started = performance.now();
  let items = 0;
  for (let run = 0; run < RUNS; run += 1) items += await parseOnce(candidate, body, plain);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ candidate, bytes: body.length, mbPerSecond: (body.length * RUNS) / 1e6 / seconds, itemsPerSecond: items / seconds })}\n`);
}

await main();
