import { describe, expect, it } from 'vitest';
import { parsePostBatch } from '../../../shared/post/post-batch.ts';
import { postInput } from '../../support/post-factory.ts';

function errorsOf(inputs: unknown[]) {
  const result = parsePostBatch(inputs);
  if (result.ok) throw new Error('expected the batch to be rejected');
  return result.errors.map((error) => ({ postId: error.postId, problems: error.problems }));
}

describe('parsePostBatch', () => {
  it('accepts posts with distinct ids, in input order', () => {
    const result = parsePostBatch([postInput({ id: 'first' }), postInput({ id: 'second' })]);
    expect(result.ok && result.posts.map((post) => post.id)).toEqual(['first', 'second']);
  });

  it('accepts an empty batch', () => {
    expect(parsePostBatch([])).toEqual({ ok: true, posts: [] });
  });

  it('rejects an id given twice, naming it and the entries that give it', () => {
    expect(errorsOf([postInput({ id: 'twice', title: 'One' }), postInput({ id: 'once' }), postInput({ id: 'twice', title: 'Two' })])).toEqual([
      { postId: 'twice', problems: [{ field: 'id', reason: 'given 2 times (entries 1 and 3)' }] },
    ]);
  });

  it('names every repeated id, and every entry of an id given three times', () => {
    const inputs = ['a', 'b', 'a', 'b', 'a'].map((id) => postInput({ id }));
    expect(errorsOf(inputs)).toEqual([
      { postId: 'a', problems: [{ field: 'id', reason: 'given 3 times (entries 1, 3 and 5)' }] },
      { postId: 'b', problems: [{ field: 'id', reason: 'given 2 times (entries 2 and 4)' }] },
    ]);
  });

  it('reports invalid posts and repeated ids together', () => {
    const errors = errorsOf([postInput({ id: 'twice' }), postInput({ id: 'broken', title: '' }), postInput({ id: 'twice' })]);
    expect(errors.map((error) => error.postId)).toEqual(['broken', 'twice']);
  });
});
