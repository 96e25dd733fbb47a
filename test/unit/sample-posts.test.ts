import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../shared/post/post-schema.ts';
import { parsePost } from '../../shared/post/post-validation.ts';

const SAMPLE_DIR = fileURLToPath(new URL('../../local/sample-posts/', import.meta.url));

interface SampleFile {
  file: string;
  raw: Record<string, unknown>;
}

function loadSamples(): SampleFile[] {
  return readdirSync(SAMPLE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      raw: JSON.parse(readFileSync(join(SAMPLE_DIR, file), 'utf8')) as Record<string, unknown>,
    }));
}

const samples = loadSamples();

function parsedPosts(): Post[] {
  return samples.map(({ file, raw }) => {
    const result = parsePost(raw);
    if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
    return result.post;
  });
}

function allText(post: Post): string {
  return [post.title, post.summary, post.contentHtml, post.image?.caption ?? ''].join('\n');
}

describe('local/sample-posts', () => {
  it('holds at least 12 posts', () => {
    expect(samples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(samples.map((sample) => [sample.file, sample] as const))('%s passes parsePost', (_file, sample) => {
    const result = parsePost(sample.raw);
    if (!result.ok) expect.fail(result.error.message);
    expect(result.post.id).toBe(basename(sample.file, '.json'));
  });

  it('has unique ids equal to the file names', () => {
    const posts = parsedPosts();
    const ids = posts.map((post) => post.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(samples.map(({ file }) => basename(file, '.json')));
  });

  it('writes some links relative, as a CMS does, and they come out absolute', () => {
    const relative = /\b(?:href|src)="(?![a-z][a-z0-9+.-]*:)/;
    expect(samples.filter(({ raw }) => relative.test(String(raw.contentHtml))).length).toBeGreaterThanOrEqual(2);
    for (const post of parsedPosts()) expect(post.contentHtml).not.toMatch(relative);
  });

  it('has exactly one draft', () => {
    const drafts = parsedPosts().filter((post) => post.status === 'draft');
    expect(drafts).toHaveLength(1);
  });

  it('shares at least 4 topics across 2 or more posts each', () => {
    const counts = new Map<string, number>();
    for (const post of parsedPosts()) {
      for (const topic of post.topics) counts.set(topic.slug, (counts.get(topic.slug) ?? 0) + 1);
    }
    const shared = [...counts.values()].filter((count) => count >= 2);
    expect(shared.length).toBeGreaterThanOrEqual(4);
  });

  it('uses the same label for a topic slug everywhere', () => {
    const labels = new Map<string, Set<string>>();
    for (const post of parsedPosts()) {
      for (const topic of post.topics) {
        const set = labels.get(topic.slug) ?? new Set<string>();
        set.add(topic.label);
        labels.set(topic.slug, set);
      }
    }
    for (const [slug, set] of labels) expect([...set], slug).toHaveLength(1);
  });

  it('covers Cyrillic, CJK and Arabic scripts and the ru, kk and zh languages', () => {
    const posts = parsedPosts();
    const text = posts.map(allText).join('\n');
    expect(text).toMatch(/\p{Script=Cyrillic}/u);
    expect(text).toMatch(/\p{Script=Han}/u);
    expect(text).toMatch(/\p{Script=Arabic}/u);
    const languages = new Set(posts.map((post) => post.language));
    for (const language of ['en', 'ru', 'kk', 'zh']) expect(languages).toContain(language);
    const kazakh = posts.filter((post) => post.language === 'kk').map(allText).join('\n');
    expect(kazakh).toMatch(/[ӘәҚқҢңҒғҮүҰұӨөІі]/u);
  });

  it('uses the single `author` shorthand in at least one file', () => {
    const shorthand = samples.filter(({ raw }) => raw.author !== undefined && raw.authors === undefined);
    expect(shorthand.length).toBeGreaterThanOrEqual(1);
    for (const { raw } of shorthand) {
      const result = parsePost(raw);
      expect(result.ok && result.post.authors).toHaveLength(1);
    }
  });

  it('includes the tricky characters feeds must survive', () => {
    const posts = parsedPosts();
    const text = posts.map(allText).join('\n');
    expect(posts.some((post) => post.title.includes('<'))).toBe(true);
    expect(posts.some((post) => post.title.includes('&'))).toBe(true);
    expect(posts.some((post) => post.contentHtml.includes(']]>'))).toBe(true);
    expect(text).toContain('&amp;');
    expect(text).toContain('&lt;');
    expect(text).toContain('&gt;');
    expect(text).toMatch(/[“”‘’]/u);
    expect(text).toContain('"');
    expect(text).toContain("'");
    expect(text).toContain('—');
    expect(text).toContain('\u00a0');
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('keeps HTML bodies free of bare ampersands', () => {
    for (const post of parsedPosts()) {
      expect(post.contentHtml, post.id).not.toMatch(/&(?![a-zA-Z][a-zA-Z0-9]*;|#\d+;|#x[0-9a-fA-F]+;)/);
    }
  });

  it('uses the placeholder site, both author forms and dates in October–November 2026', () => {
    const posts = parsedPosts();
    for (const post of posts) {
      expect(post.url, post.id).toMatch(/^https:\/\/humanrights\.example\.org\//);
      if (post.image) expect(post.image.url, post.id).toMatch(/^https:\/\/humanrights\.example\.org\/media\//);
      expect(post.publishedAt, post.id).toMatch(/^2026-1[01]-/);
      expect(post.updatedAt >= post.publishedAt, post.id).toBe(true);
    }
    const authors = posts.flatMap((post) => post.authors);
    expect(authors.some((author) => author.email !== undefined)).toBe(true);
    expect(authors.some((author) => author.email === undefined)).toBe(true);
    expect(posts.some((post) => post.updatedAt > post.publishedAt)).toBe(true);
    expect(posts.filter((post) => post.image !== undefined).length).toBeGreaterThan(posts.length / 2);
  });
});
