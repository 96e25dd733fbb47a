/**
 * How long rendering takes per item, for each format, next to a minimal hand-written escaping
 * serializer measured in the same run (a floor: it writes fewer fields and checks nothing) and,
 * for reference, the `feed` package. Ratios travel between machines; absolute figures do not.
 *
 * Run: `npx tsx bench/render-bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Feed } from 'feed';
import type { FeedDocument, FeedItem } from '../shared/feed/feed-document.ts';
import { renderAtom } from '../shared/feed/render-atom.ts';
import { renderJsonFeed } from '../shared/feed/render-json-feed.ts';
import { renderRss } from '../shared/feed/render-rss.ts';

const ITEM_COUNT = 100;
const BODY_BYTES = 2_000;
const WARM_UP_RENDERS = 50;
const RUNS = 21;
const RENDERS_PER_RUN = 10;

interface Candidate {
  format: 'RSS' | 'Atom' | 'JSON';
  name: string;
  render: (doc: FeedDocument) => string;
}

const CANDIDATES: Candidate[] = [
  { format: 'RSS', name: 'feedline', render: renderRss },
  { format: 'RSS', name: 'minimal', render: minimalRss },
  { format: 'RSS', name: 'feed pkg', render: (doc) => feedPackageFeed(doc).rss2() },
  { format: 'Atom', name: 'feedline', render: renderAtom },
  { format: 'Atom', name: 'minimal', render: minimalAtom },
  { format: 'Atom', name: 'feed pkg', render: (doc) => feedPackageFeed(doc).atom1() },
  { format: 'JSON', name: 'feedline', render: renderJsonFeed },
  { format: 'JSON', name: 'minimal', render: minimalJson },
  { format: 'JSON', name: 'feed pkg', render: (doc) => feedPackageFeed(doc).json1() },
];

export async function runRenderBench(): Promise<void> {
  const doc = benchDocument();
  for (const candidate of CANDIDATES) {
    for (let i = 0; i < WARM_UP_RENDERS; i += 1) candidate.render(doc);
  }
  const samples = new Map<Candidate, number[]>(CANDIDATES.map((candidate) => [candidate, []]));
  // Runs are interleaved across candidates so that a noisy moment hurts all of them alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const candidate of CANDIDATES) samples.get(candidate)?.push(timeOneRun(candidate, doc));
  }
  printResults(doc, samples);
}

function timeOneRun(candidate: Candidate, doc: FeedDocument): number {
  const start = performance.now();
  for (let i = 0; i < RENDERS_PER_RUN; i += 1) candidate.render(doc);
  return (performance.now() - start) / RENDERS_PER_RUN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function printResults(doc: FeedDocument, samples: Map<Candidate, number[]>): void {
  const bodyKb = doc.items.reduce((sum, item) => sum + Buffer.byteLength(item.contentHtml), 0) / doc.items.length / 1024;
  console.log(
    `render bench: ${doc.items.length} items, ${bodyKb.toFixed(1)} KB bodies; median of ${RUNS} runs × ${RENDERS_PER_RUN} renders, after warm-up`,
  );
  const medians = new Map([...samples].map(([candidate, times]) => [candidate, median(times)]));
  const floors = new Map([...medians].filter(([candidate]) => candidate.name === 'minimal').map(([c, ms]) => [c.format, ms]));
  for (const [candidate, ms] of medians) {
    const perItem = (ms * 1000) / doc.items.length;
    const floor = floors.get(candidate.format) ?? ms;
    console.log(
      `  ${candidate.format.padEnd(4)} ${candidate.name.padEnd(8)} ${perItem.toFixed(1).padStart(6)} µs/item  ${ms.toFixed(2).padStart(6)} ms/feed  ${(ms / floor).toFixed(1)}× minimal`,
    );
  }
}

function benchDocument(): FeedDocument {
  const items = Array.from({ length: ITEM_COUNT }, (_, index) => benchItem(index));
  return {
    feedId: 'all',
    id: 'tag:bench.example.org,2026:feed/all',
    title: 'Bench & Co',
    description: 'Rendering speed',
    language: 'en',
    homePageUrl: 'https://bench.example.org/',
    links: {
      rss: 'https://feeds.bench.example.org/feeds/all/rss.xml',
      atom: 'https://feeds.bench.example.org/feeds/all/atom.xml',
      json: 'https://feeds.bench.example.org/feeds/all/feed.json',
    },
    updated: '2026-11-25T09:30:00.000Z',
    hubs: [],
    items,
  };
}

const PARAGRAPH = '<p>Қазақстан & Россия: "quotes", <em>emphasis</em>, 中文 and العربية; a < b > c. 😀</p>\n';

function benchItem(index: number): FeedItem {
  const date = new Date(Date.UTC(2026, 10, 25, 9, 30) - index * 3_600_000).toISOString();
  return {
    id: `tag:bench.example.org,2026:post/p${index}`,
    postId: `p${index}`,
    url: `https://bench.example.org/posts/p${index}?ref=feed&n=${index}`,
    title: `Post ${index}: Tom & Jerry <3`,
    summary: `Summary of post ${index}, with "quotes" & ampersands.`,
    contentHtml: PARAGRAPH.repeat(Math.ceil(BODY_BYTES / Buffer.byteLength(PARAGRAPH))),
    authors: [{ name: 'Ada Lovelace', email: 'ada@bench.example.org' }, { name: 'Абай' }],
    categories: [{ term: 'science', label: 'Science', scheme: 'https://bench.example.org/topics/' }],
    image: { url: `https://img.bench.example.org/p${index}.jpg`, type: 'image/jpeg', length: 48_213, caption: 'Caption', credit: 'Credit' },
    publishedAt: date,
    updatedAt: date,
    language: 'en',
  };
}

/** The comparison floor: one regex escape, string concatenation, fewer fields, no checks. */
function escapeMinimal(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function minimalRss(doc: FeedDocument): string {
  const items = doc.items
    .map(
      (item) =>
        `<item><title>${escapeMinimal(item.title)}</title><link>${escapeMinimal(item.url)}</link>` +
        `<description>${escapeMinimal(item.summary)}</description>` +
        `<content:encoded>${escapeMinimal(item.contentHtml)}</content:encoded>` +
        `<guid isPermaLink="false">${escapeMinimal(item.id)}</guid><pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate></item>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
    `<channel><title>${escapeMinimal(doc.title)}</title><link>${escapeMinimal(doc.homePageUrl)}</link>` +
    `<description>${escapeMinimal(doc.description)}</description>${items}</channel></rss>`
  );
}

function minimalAtom(doc: FeedDocument): string {
  const entries = doc.items
    .map(
      (item) =>
        `<entry><id>${escapeMinimal(item.id)}</id><title>${escapeMinimal(item.title)}</title>` +
        `<link href="${escapeMinimal(item.url)}"/><updated>${item.updatedAt}</updated>` +
        `<summary>${escapeMinimal(item.summary)}</summary><content type="html">${escapeMinimal(item.contentHtml)}</content></entry>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>${escapeMinimal(doc.id)}</id>` +
    `<title>${escapeMinimal(doc.title)}</title><updated>${doc.updated}</updated>${entries}</feed>`
  );
}

function minimalJson(doc: FeedDocument): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    items: doc.items.map((item) => ({ id: item.id, url: item.url, title: item.title, content_html: item.contentHtml })),
  });
}

/** The `feed` package given the same document, for reference (its output is not what we publish). */
function feedPackageFeed(doc: FeedDocument): Feed {
  const feed = new Feed({
    id: doc.id,
    title: doc.title,
    description: doc.description,
    link: doc.homePageUrl,
    language: doc.language,
    updated: new Date(doc.updated),
    feedLinks: doc.links,
  });
  for (const item of doc.items) {
    feed.addItem({
      id: item.id,
      title: item.title,
      link: item.url,
      date: new Date(item.updatedAt),
      published: new Date(item.publishedAt),
      description: item.summary,
      content: item.contentHtml,
      author: item.authors.map((author) => ({ name: author.name, email: author.email })),
      category: item.categories.map((category) => ({ name: category.label, domain: category.scheme, term: category.term, scheme: category.scheme })),
    });
  }
  return feed;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRenderBench();
}
