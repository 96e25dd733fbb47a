import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { FEED_FORMATS, archiveObjectKey, feedObjectKey, feedsOfPost, type FeedId } from '../../../shared/feed/feed-id.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { createFeedRebuild } from '../../../shared/recovery/recovery-pipeline.ts';
import { ArchiveChainReader } from '../../support/archive-chain.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

const PAGE_SIZE = 5;
const kazakhstan = { slug: 'kazakhstan', label: 'Kazakhstan' };
const russia = { slug: 'russia', label: 'Russia' };
const FEEDS: FeedId[] = ['all', 'topics/kazakhstan', 'topics/russia'];

function hoursAfterStart(hours: number): string {
  return new Date(Date.UTC(2026, 9, 1) + hours * 3_600_000).toISOString();
}

function storyPost(index: number): Post {
  const at = hoursAfterStart(index);
  return makePost({ id: `story-${String(index).padStart(2, '0')}`, topics: [index % 2 === 0 ? kazakhstan : russia], publishedAt: at, updatedAt: at });
}

describe('RFC 5005 archive pages through the real stream path', () => {
  let harness: PublishHarness;
  /** What the table holds now: the posts every feed's history must show, each exactly once. */
  const current = new Map<string, Post>();
  afterEach(async () => {
    current.clear();
    await harness?.close();
  });

  async function write(...posts: Post[]): Promise<void> {
    for (const post of posts) {
      await harness.posts.put(post);
      current.set(post.id, post);
    }
    await harness.drain();
  }

  async function remove(...postIds: string[]): Promise<void> {
    for (const postId of postIds) {
      await harness.posts.delete(postId);
      current.delete(postId);
    }
    await harness.drain();
  }

  function expectedIn(feedId: FeedId): string[] {
    return [...current.values()].filter((post) => feedsOfPost(post).includes(feedId)).map((post) => post.id).sort();
  }

  /**
   * Walks every format's chain from the subscription document to page 1 and checks what a reader
   * relies on: links back, `fh:archive`, disjoint pages, and the whole history exactly once.
   */
  async function expectCompleteHistory(): Promise<Map<FeedId, number>> {
    expect(harness.log.events.filter((event) => event.level === 'error' || event.level === 'warn')).toEqual([]);
    const reader = new ArchiveChainReader(harness.clients.s3, harness.bucketName, harness.site);
    const pageCounts = new Map<FeedId, number>();
    for (const feedId of FEEDS) {
      const expected = expectedIn(feedId);
      for (const format of FEED_FORMATS) {
        const { currentDocument, pages } = await reader.walk(feedId, format);
        const context = `${feedId} ${format}`;
        expect(currentDocument.archive, context).toBe(false);
        expect(currentDocument.postIds.length, context).toBe(Math.min(PAGE_SIZE, expected.length));
        pages.forEach((page, index) => expect(page.key, context).toBe(archiveObjectKey(feedId, pages.length - index, format)));
        const archived = pages.flatMap((page) => page.postIds);
        expect(new Set(archived).size, `${context}: archive pages overlap`).toBe(archived.length);
        // RFC 5005: a reader merges the pages and the subscription document (which wins on a duplicate).
        expect([...new Set([...currentDocument.postIds, ...archived])].sort(), context).toEqual(expected);
        if (format !== 'json') expectLinksBack(feedId, format, pages);
        const known = pageCounts.get(feedId);
        if (known !== undefined) expect(pages.length, context).toBe(known);
        pageCounts.set(feedId, pages.length);
      }
    }
    return pageCounts;
  }

  function expectLinksBack(feedId: FeedId, format: 'rss' | 'atom', pages: Awaited<ReturnType<ArchiveChainReader['walk']>>['pages']): void {
    const base = harness.site.feedBaseUrl;
    pages.forEach((page, index) => {
      expect(page.archive, page.key).toBe(true);
      expect(page.links.current, page.key).toBe(`${base}${feedObjectKey(feedId, format)}`);
      const newer = pages[index - 1];
      // The newest page's next-archive is the subscription document, where the newer entries are.
      expect(page.links.nextArchive, page.key).toBe(`${base}${newer === undefined ? feedObjectKey(feedId, format) : newer.key}`);
    });
  }

  it('keeps every post exactly once across the chain through inserts, date moves, topic moves and deletions', { timeout: 120_000 }, async () => {
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE } });
    await write(...Array.from({ length: 24 }, (_, index) => storyPost(index)));
    expect(Object.fromEntries(await expectCompleteHistory())).toEqual({ all: 4, 'topics/kazakhstan': 2, 'topics/russia': 2 });

    // An old post's date moves from page 1 into page 3 of `all`: both pages change.
    const moved = { ...storyPost(3), publishedAt: hoursAfterStart(14.5), updatedAt: hoursAfterStart(14.5) };
    await write(moved);
    await expectCompleteHistory();

    // An archived post becomes the newest: it leaves its page for the tail.
    await write({ ...storyPost(1), publishedAt: hoursAfterStart(100), updatedAt: hoursAfterStart(100) });
    await expectCompleteHistory();

    // A topic move: the post leaves Kazakhstan's history and enters Russia's.
    await write({ ...storyPost(6), topics: [russia] });
    await expectCompleteHistory();

    await remove('story-08', 'story-23');
    await expectCompleteHistory();

    // More inserts close more pages, and the previous newest page gains its next-archive link.
    await write(...Array.from({ length: 12 }, (_, index) => storyPost(200 + index)));
    const pageCounts = await expectCompleteHistory();
    expect(pageCounts.get('all')).toBeGreaterThanOrEqual(6);
  });

  it('rebuild --all leaves archive items and pages alone as feeds, and re-renders every page to unchanged bytes', { timeout: 60_000 }, async () => {
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE } });
    await write(...Array.from({ length: 17 }, (_, index) => storyPost(index)));
    const pageCounts = await expectCompleteHistory();
    harness.puts.length = 0;

    const { rebuild } = createFeedRebuild({ clients: harness.clients, tableName: harness.tableName, bucketName: harness.bucketName, site: harness.site, log: harness.log });
    const report = await rebuild.rebuildAll();

    expect(report.failed).toEqual([]);
    expect(report.postsReconciled).toBe(0);
    expect(report.published.map((result) => result.feedId).sort()).toEqual([...FEEDS].sort());
    for (const result of report.published) {
      expect(result.archive.pageCount, result.feedId).toBe(pageCounts.get(result.feedId));
      expect(result.archive.written, result.feedId).toEqual([]);
      expect(result.archive.unchanged, result.feedId).toHaveLength(result.archive.pageCount);
    }
    expect(harness.puts.filter((key) => key.startsWith('feeds/'))).toEqual([]);
    await expectCompleteHistory();
  });

  it('rewrites only the page holding an edited archived post, with the archive Cache-Control', { timeout: 60_000 }, async () => {
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE } });
    await write(...Array.from({ length: 12 }, (_, index) => storyPost(index)));
    await expectCompleteHistory();
    harness.puts.length = 0;

    const edited = { ...storyPost(2), title: 'Corrected: the hearing was postponed' };
    await write(edited);

    const archivePuts = harness.puts.filter((key) => key.includes('/archive/'));
    expect(archivePuts.sort()).toEqual(
      [archiveObjectKey('all', 1, 'rss'), archiveObjectKey('all', 1, 'atom'), archiveObjectKey('all', 1, 'json'),
        archiveObjectKey('topics/kazakhstan', 1, 'rss'), archiveObjectKey('topics/kazakhstan', 1, 'atom'), archiveObjectKey('topics/kazakhstan', 1, 'json')].sort(),
    );
    const reader = new ArchiveChainReader(harness.clients.s3, harness.bucketName, harness.site);
    const page = await harness.clients.s3.send(new GetObjectCommand({ Bucket: harness.bucketName, Key: archiveObjectKey('all', 1, 'json') }));
    expect(page.CacheControl).toBe(harness.site.archiveCacheControl);
    expect(await page.Body?.transformToString('utf-8')).toContain('Corrected: the hearing was postponed');
    expect((await reader.read(archiveObjectKey('all', 1, 'json'), 'json')).postIds).toContain('story-02');
    await expectCompleteHistory();
  });
});
