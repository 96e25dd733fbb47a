import { afterEach, describe, expect, it } from 'vitest';
import { WHOLE_HISTORY } from '../../../shared/publish/archive/archive-publisher.ts';
import { ArchiveDirectory } from '../../../shared/store/archive-directory.ts';
import type { MembershipWrite } from '../../../shared/store/feed-membership-store.ts';
import { membershipSortKey } from '../../../shared/store/table-design.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';

const PAGE_SIZE = 5;
const POSTS = 123;

describe('closing archive pages from concurrent regenerations', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('appends contiguous, non-overlapping pages when several regenerations of one feed race', { timeout: 60_000 }, async () => {
    harness = await PublishHarness.create({ site: { itemsPerFeed: PAGE_SIZE } });
    const posts = Array.from({ length: POSTS }, (_, index) => {
      const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
      return makePost({ id: `race-${String(index).padStart(3, '0')}`, topics: [], publishedAt: at, updatedAt: at });
    });
    await harness.pipeline.memberships.apply(posts.map((post): MembershipWrite => ({ kind: 'put', feedId: 'all', post })));

    const results = await Promise.all(Array.from({ length: 4 }, () => harness.pipeline.publisher.publish('all', WHOLE_HISTORY)));

    const pages = await new ArchiveDirectory(harness.clients.documents, harness.tableName).pages('all');
    const expectedCount = Math.floor((POSTS - 1) / PAGE_SIZE);
    expect(pages.map((page) => page.pageNumber)).toEqual(Array.from({ length: expectedCount }, (_, index) => index + 1));
    pages.forEach((page, index) => {
      expect(page.startSk).toBe(index === 0 ? '' : pages[index - 1]?.endSk);
      expect(page.endSk).toBe(membershipSortKey(posts[(index + 1) * PAGE_SIZE]!.publishedAt, posts[(index + 1) * PAGE_SIZE]!.id));
    });
    // Every page was closed by exactly one of the racers.
    const closed = results.flatMap((result) => result.archive.closed).sort((a, b) => a - b);
    expect(closed).toEqual(pages.map((page) => page.pageNumber));
    expect(harness.log.events.filter((event) => event.level === 'error')).toEqual([]);
  });
});
