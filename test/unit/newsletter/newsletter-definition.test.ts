import { describe, expect, it } from 'vitest';
import { NewsletterDefinitionSchema, StoredNewsletterDefinitionSchema, type NewsletterDefinitionInput } from '../../../shared/newsletter/newsletter-definition.ts';

const definition: NewsletterDefinitionInput = {
  publication: 'default',
  id: 'evening-brief',
  schedule: { frequency: 'daily', time: '19:00', timeZone: 'Asia/Almaty' },
  title: 'Evening Brief',
  from: 'brief@news.example.org',
};

describe('a newsletter definition', () => {
  it('accepts a one-line title in any script', () => {
    expect(NewsletterDefinitionSchema.parse({ ...definition, title: 'خبرنامهٔ شامگاهی' }).title).toBe('خبرنامهٔ شامگاهی');
  });

  // The title is every mail's Subject: a line break there would start a header of its own.
  it.each([
    ['a line break', 'Evening\r\nBcc: victim@example.com'],
    ['a bare newline', 'Evening\nBrief'],
    ['a tab', 'Evening\tBrief'],
    ['a NUL', 'Evening\u0000Brief'],
    ['a C1 control', 'Evening\u0085Brief'],
  ])('refuses a title with %s', (_, title) => {
    const parsed = NewsletterDefinitionSchema.safeParse({ ...definition, title });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['title'], message: 'must be one line without control characters' });
  });
});

describe('a stored newsletter definition', () => {
  it('reads one saved before titles were checked, with its control characters as spaces', () => {
    const stored = StoredNewsletterDefinitionSchema.parse({ ...definition, title: 'Evening\r\nBcc: victim@example.com\u0000' });
    expect(stored.title).toBe('Evening Bcc: victim@example.com');
  });
});
