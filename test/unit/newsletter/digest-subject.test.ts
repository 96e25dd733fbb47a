import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../shared/newsletter/digest/digest.ts';
import { digestSubject } from '../../../shared/newsletter/digest/render-digest.ts';

function digestWithNewestTitle(title: string): Digest {
  return {
    publication: 'default',
    newsletter: 'morning-brief',
    slot: '2026-11-30T02:00:00.000Z',
    title: 'Morning Brief',
    publicationTitle: 'Steppe Rights Monitor',
    siteUrl: 'https://humanrights.example.org/',
    language: 'en',
    from: 'brief@news.example.org',
    posts: [{ id: 'p', title, summary: '', url: 'https://humanrights.example.org/p', publishedAt: '2026-11-30T01:00:00.000Z' }],
  };
}

describe('the subject of a digest', () => {
  it('names the newsletter and its newest post', () => {
    expect(digestSubject(digestWithNewestTitle('Court frees the Aktau strikers'))).toBe('Morning Brief: Court frees the Aktau strikers');
  });

  // Post titles keep line breaks (the feeds allow them) and partners' titles come from anyone's
  // feed: in a Subject a line break would begin a header of its own.
  it('is one line whatever the post title holds', () => {
    const subject = digestSubject(digestWithNewestTitle('Strike ends\r\nBcc: everyone@example.com\tafter\u0085 talks'));
    expect(subject).toBe('Morning Brief: Strike ends Bcc: everyone@example.com after talks');
  });
});
