import { describe, expect, it } from 'vitest';
import { archivedKeys, pageEnds, pagesHolding, pagesToRender } from '../../../shared/publish/plan/archive-plan.ts';
import { planMembership } from '../../../shared/publish/plan/membership-plan.ts';
import type { PostChange, PostState } from '../../../shared/publish/stream/post-change.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { membershipSortKey } from '../../../shared/store/table-design.ts';
import { makePost } from '../../support/post-factory.ts';

const keys = (count: number) => Array.from({ length: count }, (_, index) => `2026-11-${String(index + 1).padStart(2, '0')}T00:00:00.000Z#p${index}`);

describe('closing pages', () => {
  const cases: { name: string; tail: string[]; pageSize: number; expected: string[] }[] = [
    { name: 'an empty feed closes nothing', tail: [], pageSize: 5, expected: [] },
    { name: 'a tail of exactly one page stays open (the subscription document holds it)', tail: keys(5), pageSize: 5, expected: [] },
    { name: 'one key more closes the oldest page, ending at the sixth key', tail: keys(6), pageSize: 5, expected: [keys(6)[5] as string] },
    { name: 'a page of one item', tail: keys(2), pageSize: 1, expected: [keys(2)[1] as string] },
    { name: 'a long tail closes every full page and leaves at most a page open', tail: keys(23), pageSize: 5, expected: [5, 10, 15, 20].map((index) => keys(23)[index] as string) },
    { name: 'exactly two pages and one key close both pages', tail: keys(11), pageSize: 5, expected: [keys(11)[5] as string, keys(11)[10] as string] },
  ];
  it.each(cases)('$name', ({ tail, pageSize, expected }) => {
    expect(pageEnds(tail, pageSize)).toEqual(expected);
  });
});

describe('which archive pages a change touches', () => {
  const tailStart = keys(20)[15] as string;

  it('keys from the tail on touch no page; keys below it are kept once, in order', () => {
    const changed = [keys(20)[17] as string, keys(20)[3] as string, keys(20)[15] as string, keys(20)[3] as string, keys(20)[0] as string];
    expect(archivedKeys(changed, tailStart)).toEqual([keys(20)[0], keys(20)[3]]);
  });

  it('nothing is archived before the first page closes', () => {
    expect(archivedKeys(keys(3), '')).toEqual([]);
  });

  it('finds the page holding each key in the directory, each page once', () => {
    const all = keys(16);
    const pages = [0, 5, 10].map((start, index) => ({ pageNumber: index + 1, startSk: start === 0 ? '' : (all[start] as string), endSk: all[start + 5] as string }));
    const found = pagesHolding([all[0] as string, all[4] as string, all[5] as string, all[14] as string, all[15] as string], pages);
    expect(found.map((page) => page.pageNumber).sort()).toEqual([1, 2, 3]);
    expect(pagesHolding([all[15] as string], pages)).toEqual([]);
  });

  const renders: { name: string; touched: number[]; closed: number[]; expected: number[] }[] = [
    { name: 'an insert into the tail renders nothing', touched: [], closed: [], expected: [] },
    { name: 'an edit of an archived post renders its page', touched: [3], closed: [], expected: [3] },
    { name: 'a date move across pages renders both', touched: [4, 2], closed: [], expected: [2, 4] },
    { name: 'the first page to close has no page before it', touched: [], closed: [1], expected: [1] },
    { name: 'closing a page also renders the previous newest (its next-archive link appears)', touched: [], closed: [7], expected: [6, 7] },
    { name: 'closing several renders them all and the one before', touched: [2], closed: [5, 6, 7], expected: [2, 4, 5, 6, 7] },
    { name: 'a touched page that is also new is rendered once', touched: [5], closed: [5], expected: [4, 5] },
  ];
  it.each(renders)('$name', ({ touched, closed, expected }) => {
    expect(pagesToRender({ touched, closed })).toEqual(expected);
  });
});

describe('changed membership keys of a batch', () => {
  const valid = (post: Post): PostState => ({ kind: 'valid', post });
  let sequence = 0;
  const change = (before: PostState, after: PostState): PostChange => {
    sequence += 1;
    return { recordId: `r${sequence}`, sequenceNumber: String(sequence), publicationId: 'default', postId: 'p1', before, after };
  };
  const kazakhstan = { slug: 'kazakhstan', label: 'Kazakhstan' };
  const russia = { slug: 'russia', label: 'Russia' };
  const post = makePost({ id: 'p1', topics: [kazakhstan], publishedAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-01T00:00:00Z' });
  const oldKey = membershipSortKey(post.publishedAt, 'p1');

  it('a date move names the old and the new key of every feed the post is in', () => {
    const moved = { ...post, publishedAt: '2026-10-05T00:00:00.000Z', updatedAt: '2026-10-05T00:00:00.000Z' };
    const plan = planMembership([change(valid(post), valid(moved))]);
    const newKey = membershipSortKey(moved.publishedAt, 'p1');
    expect(plan.changedSortKeys.get('all')?.sort()).toEqual([oldKey, newKey].sort());
    expect(plan.changedSortKeys.get('topics/kazakhstan')?.sort()).toEqual([oldKey, newKey].sort());
  });

  it('a topic move names the key in the feed it leaves and in the one it enters', () => {
    const plan = planMembership([change(valid(post), valid({ ...post, topics: [russia] }))]);
    expect(Object.fromEntries(plan.changedSortKeys)).toEqual({ all: [oldKey], 'topics/kazakhstan': [oldKey], 'topics/russia': [oldKey] });
  });

  it('a change that writes nothing names no key', () => {
    expect(planMembership([change(valid(post), valid({ ...post }))]).changedSortKeys.size).toBe(0);
  });
});
