import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { planMembership } from '../../../shared/publish/plan/membership-plan.ts';
import { parseStreamRecord } from '../../../shared/publish/stream/post-change.ts';
import { postInput } from '../../support/post-factory.ts';

function record(eventName: string, keys: Record<string, unknown>, images: { NewImage?: unknown; OldImage?: unknown }) {
  return {
    eventID: 'e1',
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall(keys),
      ...(images.NewImage ? { NewImage: marshall(images.NewImage, { removeUndefinedValues: true }) } : {}),
      ...(images.OldImage ? { OldImage: marshall(images.OldImage, { removeUndefinedValues: true }) } : {}),
      SequenceNumber: '100',
      ApproximateCreationDateTime: 1_790_000_000,
    },
  };
}

const postKeys = { pk: 'POST#court-hearing-almaty', sk: 'POST' };

describe('parseStreamRecord', () => {
  it('reads an INSERT of a post into a change with a valid new state', () => {
    const parsed = parseStreamRecord(record('INSERT', postKeys, { NewImage: { ...postKeys, ...postInput() } }));
    expect(parsed.kind).toBe('post');
    if (parsed.kind !== 'post') return;
    expect(parsed.change).toMatchObject({ postId: 'court-hearing-almaty', sequenceNumber: '100', writtenAt: 1_790_000_000_000 });
    expect(parsed.change.before.kind).toBe('absent');
    expect(parsed.change.after.kind).toBe('valid');
  });

  it('reads a REMOVE into a change with an absent new state', () => {
    const parsed = parseStreamRecord(record('REMOVE', postKeys, { OldImage: { ...postKeys, ...postInput() } }));
    expect(parsed.kind === 'post' && parsed.change.after.kind).toBe('absent');
  });

  it('marks a post written by another system with bad fields as invalid, with reasons', () => {
    const parsed = parseStreamRecord(record('INSERT', postKeys, { NewImage: { ...postKeys, ...postInput({ url: 'not a url' }) } }));
    if (parsed.kind !== 'post' || parsed.change.after.kind !== 'invalid') throw new Error('expected an invalid post');
    expect(parsed.change.after.error.problems).toContainEqual({ field: 'url', reason: 'must be an absolute http(s) URL' });
  });

  it.each([
    ['an INSERT', 'INSERT', 'NewImage', 'after'],
    ['a REMOVE', 'REMOVE', 'OldImage', 'before'],
  ] as const)('marks %s of an item whose id is not the one in its key as invalid, naming both ids, and plans no membership', (_name, eventName, image, side) => {
    const hijackKeys = { pk: 'POST#hijacker', sk: 'POST' };
    const parsed = parseStreamRecord(record(eventName, hijackKeys, { [image]: { ...hijackKeys, ...postInput({ id: 'victim' }) } }));
    if (parsed.kind !== 'post') throw new Error('expected a post change');
    const state = parsed.change[side];
    if (state.kind !== 'invalid') throw new Error(`expected an invalid ${side} state`);
    expect(parsed.change.postId).toBe('hijacker');
    expect(state.error.problems).toEqual([{ field: 'id', reason: expect.stringMatching(/"victim".*"hijacker"/) }]);
    expect(planMembership([parsed.change]).writes).toEqual([]);
  });

  it.each([
    ['a feed-membership item', { pk: 'FEED#all', sk: '2026-11-20T09:00:00.000Z#p1' }],
    ['a subscription item', { pk: 'SUB#abc', sk: 'SUB' }],
  ])('ignores %s', (_name, keys) => {
    expect(parseStreamRecord(record('INSERT', keys, { NewImage: keys })).kind).toBe('ignored');
  });

  it('ignores something that is not a stream record at all', () => {
    expect(parseStreamRecord({ hello: 'world' })).toMatchObject({ kind: 'ignored' });
  });
});
