import { describe, expect, it } from 'vitest';
import { PublicationHostnamesSchema, objectPrefixByHost, parsedJsonObject } from '../../../shared/edge/publication-hostnames.ts';
import { publicationObjectPrefix } from '../../../shared/publication/publication-keys.ts';
import { describeSchemaError } from '../../../shared/validation/field-problems.ts';

function problemsOf(input: unknown): string {
  const parsed = PublicationHostnamesSchema.safeParse(input);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return describeSchemaError(parsed.error, '(map)');
}

describe('PublicationHostnamesSchema', () => {
  it('accepts publication ids mapped to lower-case host names', () => {
    expect(PublicationHostnamesSchema.parse({ fa: 'fa.feeds.example.org', 'ru-news': 'ru.localhost' })).toEqual({ fa: 'fa.feeds.example.org', 'ru-news': 'ru.localhost' });
  });

  it.each([
    { input: 'fa=fa.example.org', problem: '(map): must be a JSON object of publication id to host name, such as {"fa":"fa.feeds.example.org"}' },
    { input: { Fa: 'fa.example.org' }, problem: 'Fa: is not a publication id: must be lower-case letters, digits and single hyphens' },
    { input: { fa: 'FA.example.org' }, problem: 'fa: must be a lower-case DNS host name' },
    { input: { fa: 'https://fa.example.org/' }, problem: 'fa: must be a lower-case DNS host name' },
    { input: { default: 'www.example.org' }, problem: "default: the default publication is served on the distribution's own name (customDomain), not through host routing" },
    { input: { fa: 'news.example.org', ru: 'news.example.org' }, problem: 'ru: news.example.org is already the host name of fa: one host serves one publication' },
  ])('refuses $input, saying why', ({ input, problem }) => {
    expect(problemsOf(input)).toBe(problem);
  });
});

describe('objectPrefixByHost', () => {
  it("maps each host name to its publication's object prefix from the keys contract", () => {
    expect(objectPrefixByHost({ fa: 'fa.feeds.example.org' })).toEqual(new Map([['fa.feeds.example.org', publicationObjectPrefix('fa')]]));
    expect(publicationObjectPrefix('fa')).toBe('pubs/fa/');
  });
});

describe('parsedJsonObject', () => {
  it('parses a JSON string, passes objects through and leaves other strings for the schema to name', () => {
    expect(parsedJsonObject('{"fa":"fa.localhost"}')).toEqual({ fa: 'fa.localhost' });
    expect(parsedJsonObject({ fa: 'fa.localhost' })).toEqual({ fa: 'fa.localhost' });
    expect(parsedJsonObject('fa=fa.localhost')).toBe('fa=fa.localhost');
  });
});
