import { afterEach, describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../shared/concurrency/map-with-concurrency.ts';
import { archiveObjectKey } from '../../../shared/feed/feed-id.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import type { MembershipWrite } from '../../../shared/store/feed-membership-store.ts';
import { ArchiveChainReader } from '../../support/archive-chain.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

const HISTORY = 10_000;
const PAGE_SIZE = 200;

function historicPost(index: number): Post {
  const at = new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString();
  return makePost({ id: `history-${String(index).padStart(5, '0')}`, topics: [], publishedAt: at, updatedAt: at, contentHtml: '<p>From the archive.</p>' });
}

/** The archive pages a set of PUT keys wrote, by page number. */
function archivePagesIn(puts: string[]): number[] {
  const pages = puts.flatMap((key) => /\/archive\/(\d+)\//.exec(key)?.[1] ?? []).map(Number);
  return [...new Set(pages)].sort((a, b) => a - b);
}

describe('cost of an edit in a long history', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('rewrites at most the two archive pages an edit touches, with 10,000 posts in the feed', { timeout: 150_000 }, async () => {
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE } });
    const history = Array.from({ length: HISTORY }, (_, index) => historicPost(index));
    // Seeded as a deployed table would hold them before archives existed: membership items only.
    const slices = Array.from({ length: 20 }, (_, slice) => history.slice(slice * 500, (slice + 1) * 500));
    const seeded = await mapWithConcurrency(slices, 4, (posts) =>
      harness.pipeline.memberships.apply(posts.map((post): MembershipWrite => ({ kind: 'put', feedId: 'all', post }))),
    );
    expect(seeded.filter((result) => result.status === 'rejected')).toEqual([]);

    // The first regeneration closes the whole history into pages: the migration path.
    const first = await harness.pipeline.publisher.publish('all');
    expect(first.archive.pageCount).toBe(HISTORY / PAGE_SIZE - 1);
    expect(first.archive.closed).toHaveLength(first.archive.pageCount);
    expect(archivePagesIn(harness.puts.splice(0))).toEqual(first.archive.closed);

    // An old post enters the post table unchanged (its page renders to the same bytes) …
    const old = historicPost(1_234);
    await harness.posts.put(old);
    await harness.drain();
    const oldPage = Math.floor(1_234 / PAGE_SIZE) + 1;
    expect(archivePagesIn(harness.puts.splice(0))).toEqual([]);

    // … then an editor corrects it: only its page is rewritten.
    await harness.posts.put({ ...old, title: 'Corrected in 2026' });
    await harness.drain();
    const afterEdit = harness.puts.splice(0);
    expect(archivePagesIn(afterEdit)).toEqual([oldPage]);
    expect(afterEdit.filter((key) => key.includes('/archive/')).sort()).toEqual(
      (['rss', 'atom', 'json'] as const).map((format) => archiveObjectKey('all', oldPage, format)).sort(),
    );

    // A date change moves it to a page far away: exactly the two pages, nothing else of the history.
    const movedAt = historicPost(7_777).publishedAt.replace('00:00.000Z', '30:00.000Z');
    await harness.posts.put({ ...old, title: 'Corrected in 2026', publishedAt: movedAt, updatedAt: movedAt });
    await harness.drain();
    const newPage = Math.floor(7_777 / PAGE_SIZE) + 1;
    expect(archivePagesIn(harness.puts.splice(0))).toEqual([oldPage, newPage]);

    const reader = new ArchiveChainReader(harness.clients.s3, harness.bucketName, harness.site);
    expect((await reader.read(archiveObjectKey('all', oldPage, 'json'), 'json')).postIds).not.toContain(old.id);
    expect((await reader.read(archiveObjectKey('all', newPage, 'json'), 'json')).postIds).toContain(old.id);
    expect(harness.log.events.filter((event) => event.level === 'error')).toEqual([]);
  });
});
