import type { Post, PostInput } from '../../shared/post/post-schema.ts';
import { validatePost } from '../../shared/post/post-validation.ts';

/** A valid post input; every call returns a fresh object, so tests never share mutable fixtures. */
export function postInput(overrides: Partial<PostInput> & Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'court-hearing-almaty',
    title: 'Court hears appeal of detained reporter',
    summary: 'The appeal was adjourned for the third time.',
    contentHtml: '<p>The hearing lasted <em>four</em> hours.</p>',
    url: 'https://humanrights.example.org/2026/11/court-hearing-almaty',
    authors: [{ name: 'Aigerim Sadykova', email: 'aigerim@humanrights.example.org' }],
    topics: [
      { slug: 'kazakhstan', label: 'Kazakhstan' },
      { slug: 'press-freedom', label: 'Press freedom' },
    ],
    publishedAt: '2026-11-20T09:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    language: 'en',
    status: 'published',
    ...overrides,
  };
}

export function makePost(overrides: Partial<PostInput> & Record<string, unknown> = {}): Post {
  return validatePost(postInput(overrides));
}
