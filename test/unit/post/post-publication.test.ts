import { describe, expect, it } from 'vitest';
import { parsePost, parsePostStoredAs } from '../../../shared/post/post-validation.ts';
import { publicationOfPost } from '../../../shared/post/post-schema.ts';
import { parsePostItem } from '../../../shared/store/post-store.ts';
import { postInput } from '../../support/post-factory.ts';

function problemsOf(result: ReturnType<typeof parsePost>) {
  if (result.ok) throw new Error('expected the post to be rejected');
  return result.error.problems;
}

describe('a post and its publication', () => {
  it('belongs to the default publication when it names none, and leaves the field absent', () => {
    const result = parsePost(postInput());
    if (!result.ok) throw result.error;
    expect(result.post).not.toHaveProperty('publication');
    expect(publicationOfPost(result.post)).toBe('default');
  });

  it('keeps the publication it names', () => {
    const result = parsePost(postInput({ publication: 'fa' }));
    if (!result.ok) throw result.error;
    expect(publicationOfPost(result.post)).toBe('fa');
  });

  it('refuses a publication id that could not be a key prefix', () => {
    expect(problemsOf(parsePost(postInput({ publication: 'Farsi Service' })))).toEqual([
      { field: 'publication', reason: 'must be lower-case letters, digits and single hyphens' },
    ]);
  });

  it('is invalid when its field names another publication than its item key', () => {
    const stored = parsePostStoredAs({ publicationId: 'ru', postId: 'court-hearing-almaty' }, postInput({ publication: 'fa' }));
    expect(problemsOf(stored)).toEqual([{ field: 'publication', reason: 'is "fa" but the item key names publication "ru"' }]);
  });

  it('is invalid in another publication’s partition when it names none (absent means default)', () => {
    expect(problemsOf(parsePostStoredAs({ publicationId: 'ru', postId: 'court-hearing-almaty' }, postInput()))[0]?.field).toBe('publication');
    expect(problemsOf(parsePostStoredAs('court-hearing-almaty', postInput({ publication: 'ru' })))[0]?.field).toBe('publication');
  });

  it('reports a wrong id and a wrong publication together', () => {
    const stored = parsePostStoredAs({ publicationId: 'ru', postId: 'other' }, postInput({ publication: 'fa' }));
    expect(problemsOf(stored).map((problem) => problem.field)).toEqual(['id', 'publication']);
  });

  it('reads a stored item against its key', () => {
    expect(parsePostItem({ pk: 'PUB#ru#POST#court-hearing-almaty', sk: 'POST', ...postInput({ publication: 'ru' }) }).ok).toBe(true);
    expect(parsePostItem({ pk: 'POST#court-hearing-almaty', sk: 'POST', ...postInput() }).ok).toBe(true);
    expect(parsePostItem({ pk: 'POST#court-hearing-almaty', sk: 'POST', ...postInput({ publication: 'default' }) }).ok).toBe(true);
    expect(problemsOf(parsePostItem({ pk: 'PUB#fa#POST#court-hearing-almaty', sk: 'POST', ...postInput({ publication: 'ru' }) }))[0]?.field).toBe('publication');
  });

  it('reads an item with a malformed key as invalid, naming the key', () => {
    const problems = problemsOf(parsePostItem({ pk: 'PUB#Bad#POST#court-hearing-almaty', sk: 'POST', ...postInput() }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'pk' });
    expect(problems[0]?.reason).toContain('invalid publication id "Bad"');
  });
});
