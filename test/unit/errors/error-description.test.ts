import { describe, expect, it } from 'vitest';
import { describeError, errorFields } from '../../../shared/errors/error-description.ts';

class FeedWriteError extends Error {
  override readonly name = 'FeedWriteError';

  constructor(
    message: string,
    readonly feedId: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

describe('error description', () => {
  it.each([
    { name: 'an Error as its name and message', thrown: new FeedWriteError('slow down', 'all'), text: 'FeedWriteError: slow down' },
    { name: 'a thrown string as itself', thrown: 'gone', text: 'gone' },
  ])('describes $name', ({ thrown, text }) => {
    expect(describeError(thrown)).toBe(text);
  });

  it('keeps a typed error\'s context and its cause as one line, and never the stack', () => {
    const fields = errorFields(new FeedWriteError('put failed', 'topics/kz', { cause: refused }));
    expect(fields).toEqual({ name: 'FeedWriteError', message: 'put failed', feedId: 'topics/kz', cause: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('names a cause without a code by its error name', () => {
    expect(errorFields(new TypeError('fetch failed', { cause: new RangeError('too big') }))).toMatchObject({ cause: 'RangeError: too big' });
  });

  it('gives a thrown non-Error as a message field', () => {
    expect(errorFields(42)).toEqual({ message: '42' });
  });
});
