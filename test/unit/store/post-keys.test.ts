import { describe, expect, it } from 'vitest';
import { MalformedPostKeyError, parsePostPartitionKey, postKey } from '../../../shared/store/table-design.ts';

describe('post keys by publication', () => {
  it('keeps the default publication on the key every deployment already wrote', () => {
    expect(postKey('court-hearing-almaty')).toEqual({ pk: 'POST#court-hearing-almaty', sk: 'POST' });
    expect(postKey('default', 'court-hearing-almaty')).toEqual({ pk: 'POST#court-hearing-almaty', sk: 'POST' });
  });

  it('prefixes the key of any other publication with PUB#<id>#', () => {
    expect(postKey('ru', 'press-law')).toEqual({ pk: 'PUB#ru#POST#press-law', sk: 'POST' });
    expect(postKey('central-asia', 'x')).toEqual({ pk: 'PUB#central-asia#POST#x', sk: 'POST' });
  });

  it('reads back the publication and post each key names', () => {
    expect(parsePostPartitionKey('POST#court-hearing-almaty')).toEqual({ publicationId: 'default', postId: 'court-hearing-almaty' });
    expect(parsePostPartitionKey('PUB#fa#POST#press-law')).toEqual({ publicationId: 'fa', postId: 'press-law' });
    expect(parsePostPartitionKey('PUB#fa#POST#a#b')).toEqual({ publicationId: 'fa', postId: 'a#b' });
  });

  it('round-trips every key postKey makes', () => {
    for (const [publicationId, postId] of [['default', 'p1'], ['ru', 'p2'], ['kz-2', 'POST#odd']] as const) {
      expect(parsePostPartitionKey(postKey(publicationId, postId).pk)).toEqual({ publicationId, postId });
    }
  });

  it.each([
    ['PUB#Bad#POST#x', 'invalid publication id'],
    ['PUB#default#POST#x', 'invalid publication id'],
    ['PUB##POST#x', 'invalid publication id'],
    [`PUB#${'a'.repeat(41)}#POST#x`, 'invalid publication id'],
    ['PUB#fa', 'no post'],
    ['PUB#fa#FEED#all', 'no POST#'],
    ['PUB#fa#POST#', 'no post id'],
    ['POST#', 'no post id'],
    ['FEED#all', 'neither'],
    ['', 'neither'],
  ])('refuses %j with a typed error', (pk, reason) => {
    const attempt = () => parsePostPartitionKey(pk);
    expect(attempt).toThrow(MalformedPostKeyError);
    expect(attempt).toThrow(reason);
  });
});
