import { describe, expect, it } from 'vitest';
import { InvalidPublicationSettingsError, validateSettings } from '../../../shared/store/publication-store.ts';

function persianService(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'fa',
    title: 'Rights Watch Persian',
    description: 'Reporting on rights and freedoms, in Persian.',
    siteUrl: 'https://fa.rights.example.org/',
    feedBaseUrl: 'https://feeds.example.org/pubs/fa/',
    language: 'fa',
    tagAuthority: 'fa.rights.example.org,2026',
    ...overrides,
  };
}

function problemsOf(input: Record<string, unknown>) {
  try {
    validateSettings(input);
  } catch (error) {
    if (error instanceof InvalidPublicationSettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('publication settings validation', () => {
  it('accepts a complete publication and fills the site defaults', () => {
    expect(validateSettings(persianService({ hostname: 'fa.example.org', logoUrl: 'https://fa.example.org/logo.png' }))).toMatchObject({
      id: 'fa',
      itemsPerFeed: 50,
      hubUrls: [],
      hostname: 'fa.example.org',
    });
  });

  it('reports every broken field with its reason at once', () => {
    const problems = problemsOf(
      persianService({
        id: 'Farsi',
        siteUrl: 'https://fa.rights.example.org',
        tagAuthority: 'rights',
        itemsPerFeed: 0,
        hostname: 'FA.example.org',
        logoUrl: 'logo.png',
        title: undefined,
      }),
    );
    expect(problems.map((problem) => problem.field).sort()).toEqual(['hostname', 'id', 'itemsPerFeed', 'logoUrl', 'siteUrl', 'tagAuthority', 'title']);
    expect(problems).toContainEqual({ field: 'siteUrl', reason: 'must end with "/"' });
    expect(problems).toContainEqual({ field: 'tagAuthority', reason: 'must look like example.org,2026' });
    expect(problems).toContainEqual({ field: 'id', reason: 'must be lower-case letters, digits and single hyphens' });
    expect(problems).toContainEqual({ field: 'title', reason: 'is required' });
  });

  it('names the publication and every problem in its message', () => {
    expect(() => validateSettings(persianService({ siteUrl: 'nope', hubUrls: ['also nope'] }))).toThrow(
      /invalid settings for publication fa: siteUrl: .*; hubUrls\.0: /,
    );
  });
});
