import { describe, expect, it } from 'vitest';
import { planMembership, membershipWritesOf } from '../../../shared/publish/plan/membership-plan.ts';
import type { PostChange, PostState } from '../../../shared/publish/stream/post-change.ts';
import { PostValidationError } from '../../../shared/post/post-validation.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { makePost } from '../../support/post-factory.ts';

const absent: PostState = { kind: 'absent' };
const valid = (post: Post): PostState => ({ kind: 'valid', post });
const invalid: PostState = { kind: 'invalid', error: new PostValidationError([{ field: 'title', reason: 'x' }]) };

let sequence = 0;
function change(before: PostState, after: PostState, postId = 'p1'): PostChange {
  sequence += 1;
  return { recordId: `r${sequence}`, sequenceNumber: String(sequence), publicationId: 'default', postId, before, after };
}

function summary(c: PostChange) {
  return membershipWritesOf(c)
    .map((w) => `${w.kind} ${w.feedId}`)
    .sort();
}

describe('membership writes of one change', () => {
  const base = makePost({ id: 'p1', topics: [{ slug: 'kazakhstan', label: 'Kazakhstan' }] });

  const cases: { name: string; change: () => PostChange; expected: string[] }[] = [
    { name: 'insert of a published post enters all and its topics', change: () => change(absent, valid(base)), expected: ['put all', 'put topics/kazakhstan'] },
    { name: 'insert of a draft touches nothing', change: () => change(absent, valid(makePost({ id: 'p1', status: 'draft' }))), expected: [] },
    { name: 'publishing a draft enters the feeds', change: () => change(valid(makePost({ id: 'p1', status: 'draft', topics: base.topics })), valid(base)), expected: ['put all', 'put topics/kazakhstan'] },
    { name: 'unpublishing leaves the feeds', change: () => change(valid(base), valid({ ...base, status: 'draft' })), expected: ['delete all', 'delete topics/kazakhstan'] },
    { name: 'delete leaves every feed', change: () => change(valid(base), absent), expected: ['delete all', 'delete topics/kazakhstan'] },
    { name: 'no visible change touches nothing', change: () => change(valid(base), valid({ ...base })), expected: [] },
    { name: 'edited title refreshes every feed', change: () => change(valid(base), valid({ ...base, title: 'New' })), expected: ['put all', 'put topics/kazakhstan'] },
    {
      name: 'topic move deletes from the old topic and puts in the new',
      change: () => change(valid(base), valid({ ...base, topics: [{ slug: 'russia', label: 'Russia' }] })),
      expected: ['put all', 'put topics/russia', 'delete topics/kazakhstan'].sort(),
    },
    {
      name: 'new publish date moves the membership key',
      change: () => change(valid(base), valid({ ...base, publishedAt: '2026-11-21T00:00:00.000Z', updatedAt: '2026-11-21T00:00:00.000Z' })),
      expected: ['delete all', 'delete topics/kazakhstan', 'put all', 'put topics/kazakhstan'],
    },
    { name: 'becoming invalid leaves the feeds', change: () => change(valid(base), invalid), expected: ['delete all', 'delete topics/kazakhstan'] },
    { name: 'invalid to invalid touches nothing', change: () => change(invalid, invalid), expected: [] },
  ];

  it.each(cases)('$name', ({ change: make, expected }) => {
    expect(summary(make())).toEqual(expected);
  });
});

describe('planning a batch', () => {
  it('regenerates each feed once however many records touch it, naming every record', () => {
    const changes = Array.from({ length: 50 }, (_, index) =>
      change(absent, valid(makePost({ id: `p${index}`, topics: [{ slug: index % 2 ? 'russia' : 'china', label: 'x' }] })), `p${index}`),
    );
    const plan = planMembership(changes);
    expect([...plan.affectedFeeds.keys()].sort()).toEqual(['all', 'topics/china', 'topics/russia']);
    expect(plan.affectedFeeds.get('all')).toHaveLength(50);
    expect(plan.affectedFeeds.get('topics/china')).toHaveLength(25);
    expect(plan.writes).toHaveLength(100);
  });

  it('keeps only the last write per membership key, in stream order', () => {
    const first = makePost({ id: 'p1', title: 'First', topics: [] });
    const second = { ...first, title: 'Second' };
    const plan = planMembership([change(absent, valid(first)), change(valid(first), valid(second)), change(valid(second), absent)]);
    expect(plan.writes).toEqual([{ kind: 'delete', feedId: 'all', publishedAt: first.publishedAt, postId: 'p1' }]);
    expect(plan.affectedFeeds.get('all')).toHaveLength(3);
  });

  it('puts the latest version when a post is edited twice in a batch', () => {
    const first = makePost({ id: 'p1', title: 'First', topics: [] });
    const second = { ...first, title: 'Second' };
    const third = { ...first, title: 'Third' };
    const plan = planMembership([change(valid(first), valid(second)), change(valid(second), valid(third))]);
    expect(plan.writes).toEqual([{ kind: 'put', feedId: 'all', post: third }]);
  });
});
