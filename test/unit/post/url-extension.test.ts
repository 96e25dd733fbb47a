import { describe, expect, it } from 'vitest';
import { byUrlExtension } from '../../../shared/post/url-extension.ts';

const TYPES: Readonly<Record<string, string>> = { mp3: 'audio/mpeg', jpg: 'image/jpeg' };

describe('byUrlExtension', () => {
  it('finds a known extension in any case, relative URLs included', () => {
    expect(byUrlExtension(TYPES, 'https://media.example.org/show/1.MP3')).toBe('audio/mpeg');
    expect(byUrlExtension(TYPES, '/images/lead.jpg?w=800')).toBe('image/jpeg');
  });

  it('says nothing of a path without a known extension', () => {
    expect(byUrlExtension(TYPES, 'https://media.example.org/episode?id=7')).toBeUndefined();
    expect(byUrlExtension(TYPES, 'https://media.example.org/file.flac')).toBeUndefined();
  });

  it('never answers with what every object inherits: a URL ending in .constructor or .toString is unknown', () => {
    expect(byUrlExtension(TYPES, 'https://media.example.org/x.constructor')).toBeUndefined();
    expect(byUrlExtension(TYPES, 'https://media.example.org/x.toString')).toBeUndefined();
    expect(byUrlExtension(TYPES, 'https://media.example.org/x.hasOwnProperty')).toBeUndefined();
  });
});
