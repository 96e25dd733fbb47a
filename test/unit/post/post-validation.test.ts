import { describe, expect, it } from 'vitest';
import { parsePost, validatePost, PostValidationError } from '../../../shared/post/post-validation.ts';
import { POST_LIMITS } from '../../../shared/post/post-schema.ts';
import { postInput } from '../../support/post-factory.ts';

function problemsOf(input: Record<string, unknown>) {
  const result = parsePost(input);
  if (result.ok) throw new Error('expected the post to be rejected');
  return result.error.problems;
}

describe('post validation', () => {
  it('accepts a complete post and normalises dates to UTC', () => {
    const post = validatePost(postInput({ publishedAt: '2026-11-20T14:00:00+05:00', updatedAt: undefined }));
    expect(post.publishedAt).toBe('2026-11-20T09:00:00.000Z');
    expect(post.updatedAt).toBe(post.publishedAt);
  });

  it('applies defaults for summary, topics, language and status', () => {
    const { summary: _s, topics: _t, language: _l, status: _st, ...minimal } = postInput();
    const post = validatePost(minimal);
    expect(post).toMatchObject({ summary: '', topics: [], language: 'en', status: 'published' });
  });

  it('resolves relative links in the body against the post URL', () => {
    const post = validatePost(postInput({ url: 'https://e.org/2026/post', contentHtml: '<p><a href="/about">us</a> <img src="map.png"></p>' }));
    expect(post.contentHtml).toBe('<p><a href="https://e.org/about">us</a> <img src="https://e.org/2026/map.png"></p>');
  });

  it('spells image types as registered and reads a zero length as unknown', () => {
    const post = validatePost(postInput({ image: { url: 'https://e.org/a.JPG', type: 'image/jpg', length: 0 } }));
    expect(post.image).toEqual({ url: 'https://e.org/a.JPG', type: 'image/jpeg' });
  });

  it('rejects an image type that contradicts the file extension, naming the expected type', () => {
    const problems = problemsOf(postInput({ image: { url: 'https://e.org/lead.png?w=800', type: 'image/jpeg', length: 120 } }));
    expect(problems).toEqual([{ field: 'image.type', reason: expect.stringMatching(/expected image\/png/) }]);
  });

  it('accepts a single author object as shorthand', () => {
    const { authors: _a, ...rest } = postInput();
    const post = validatePost({ ...rest, author: { name: 'Erlan Omarov', url: 'https://example.org/erlan' } });
    expect(post.authors).toEqual([{ name: 'Erlan Omarov', url: 'https://example.org/erlan' }]);
  });

  it('removes characters XML 1.0 forbids from every text field', () => {
    const post = validatePost(
      postInput({
        title: 'Bad\u0001 title\u000B',
        contentHtml: '<p>a\u0000b\uD800c\uFFFE</p>',
        image: { url: 'https://e.org/a.jpg', type: 'image/jpeg', caption: 'cap\u0008tion' },
      }),
    );
    expect(post.title).toBe('Bad title');
    expect(post.contentHtml).toBe('<p>abc</p>');
    expect(post.image?.caption).toBe('caption');
  });

  it('keeps every script, emoji and punctuation exactly', () => {
    const title = 'Қазақстан & «Россия» 中国 العربية — “quotes” 🕊️ ]]>';
    expect(validatePost(postInput({ title })).title).toBe(title);
  });

  const rejected: { name: string; input: Record<string, unknown>; field: string; reason: RegExp }[] = [
    { name: 'id with a space', input: postInput({ id: 'a b' }), field: 'id', reason: /URL-safe/ },
    { name: 'missing title', input: postInput({ title: undefined }), field: 'title', reason: /is required/ },
    { name: 'blank title', input: postInput({ title: '  \u0001 ' }), field: 'title', reason: /must not be empty/ },
    { name: 'relative url', input: postInput({ url: '/2026/post' }), field: 'url', reason: /absolute http/ },
    { name: 'javascript url', input: postInput({ url: 'javascript:alert(1)' }), field: 'url', reason: /absolute http/ },
    { name: 'no authors', input: postInput({ authors: [] }), field: 'authors', reason: /at least one author/ },
    { name: 'bad author email', input: postInput({ authors: [{ name: 'A', email: 'nope' }] }), field: 'authors.0.email', reason: /e-mail/ },
    { name: 'date without zone', input: postInput({ publishedAt: '2026-11-20T09:00:00' }), field: 'publishedAt', reason: /time zone/ },
    { name: 'update before publish', input: postInput({ updatedAt: '2026-11-19T00:00:00Z' }), field: 'updatedAt', reason: /earlier than publishedAt/ },
    { name: 'bad topic slug', input: postInput({ topics: [{ slug: 'Not A Slug', label: 'x' }] }), field: 'topics.0.slug', reason: /lower-case/ },
    { name: 'repeated topic', input: postInput({ topics: [{ slug: 'kz', label: 'a' }, { slug: 'kz', label: 'b' }] }), field: 'topics', reason: /repeat/ },
    { name: 'image not an image type', input: postInput({ image: { url: 'https://e.org/a.pdf', type: 'application/pdf' } }), field: 'image.type', reason: /image MIME/ },
    { name: 'unknown status', input: { ...postInput(), status: 'archived' }, field: 'status', reason: /.+/ },
    { name: 'body too large', input: postInput({ contentHtml: 'x'.repeat(POST_LIMITS.contentBytes + 1) }), field: 'contentHtml', reason: /bytes/ },
    { name: 'body too large in UTF-8 bytes', input: postInput({ contentHtml: 'Қ'.repeat(POST_LIMITS.contentBytes / 2 + 1) }), field: 'contentHtml', reason: /bytes/ },
  ];

  it.each(rejected)('rejects $name naming the field and the reason', ({ input, field, reason }) => {
    const problem = problemsOf(input).find((candidate) => candidate.field === field);
    expect(problem, `problems: ${JSON.stringify(problemsOf(input))}`).toBeDefined();
    expect(problem?.reason).toMatch(reason);
  });

  it('reports every problem at once with the post id in the message', () => {
    const error = (() => {
      try {
        validatePost(postInput({ title: '', url: 'nope' }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(PostValidationError);
    expect((error as PostValidationError).message).toMatch(/court-hearing-almaty.*title: must not be empty.*url:/);
  });

  it('keeps a maximal post under the DynamoDB item limit', () => {
    const result = parsePost(postInput({ contentHtml: 'Қ'.repeat(POST_LIMITS.contentBytes / 2 - 10) }));
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(result.ok && result.post))).toBeLessThan(400_000);
  });
});
