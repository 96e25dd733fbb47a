import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { samplePostsDirectoryOf, SAMPLE_POSTS_DIRECTORY, loadSamplePosts } from '../../local/sample-posts.ts';
import { samplePublications } from '../../local/sample-publications.ts';
import { SAMPLE_FEEDS, sampleFeedsOf } from '../../local/sample-feeds/sample-feed-server.ts';
import { parseFeed } from '../../shared/ingest/parse/parse-feed.ts';
import { parsePost } from '../../shared/post/post-validation.ts';
import { DEFAULT_PUBLICATION_ID, publicationObjectPrefix } from '../../shared/publication/publication-keys.ts';
import { PublicationSettingsSchema } from '../../shared/publication/publication-settings.ts';
import { textDirectionOf } from '../../shared/site/text-direction.ts';

const SAMPLE_FEEDS_DIRECTORY = fileURLToPath(new URL('../../local/sample-feeds/', import.meta.url));
const DISTRIBUTION = 'http://127.0.0.1:8080/';

function rawPostsOf(publicationId: string): { file: string; raw: Record<string, unknown> }[] {
  const directory = samplePostsDirectoryOf(publicationId);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, raw: JSON.parse(readFileSync(join(directory, file), 'utf8')) as Record<string, unknown> }));
}

describe('sample publications', () => {
  const publications = samplePublications(DISTRIBUTION);

  it('are a Russian and a Persian service with valid settings, served under pubs/<id>/', () => {
    expect(publications.map((publication) => [publication.id, publication.language, textDirectionOf(publication.language)])).toEqual([
      ['ru', 'ru', 'ltr'],
      ['fa', 'fa', 'rtl'],
    ]);
    for (const publication of publications) {
      expect(PublicationSettingsSchema.parse(publication)).toEqual(publication);
      expect(publication.feedBaseUrl).toBe(`${DISTRIBUTION}${publicationObjectPrefix(publication.id)}`);
    }
    expect(new Set(publications.map((publication) => publication.tagAuthority)).size).toBe(publications.length);
  });

  describe.each(['ru', 'fa'])('%s sample posts', (publicationId) => {
    const samples = rawPostsOf(publicationId);
    const publication = publications.find((candidate) => candidate.id === publicationId)!;

    it('are four valid posts, each naming its publication and written in its language', () => {
      expect(samples).toHaveLength(4);
      for (const { file, raw } of samples) {
        const result = parsePost(raw);
        if (!result.ok) expect.fail(`${file}: ${result.error.message}`);
        expect(result.post.id).toBe(basename(file, '.json'));
        expect(raw.publication, file).toBe(publicationId);
        expect(result.post.language, file).toBe(publication.language);
        expect(result.post.url, file).toMatch(new RegExp(`^${publication.siteUrl}`));
        expect(result.post.publishedAt, file).toMatch(/^2026-1[01]-/);
      }
    });

    it('share topics, kazakhstan among them, with one label per slug', async () => {
      const posts = await loadSamplePosts(samplePostsDirectoryOf(publicationId));
      const counts = new Map<string, number>();
      const labels = new Map<string, Set<string>>();
      for (const topic of posts.flatMap((post) => post.topics)) {
        counts.set(topic.slug, (counts.get(topic.slug) ?? 0) + 1);
        labels.set(topic.slug, (labels.get(topic.slug) ?? new Set()).add(topic.label));
      }
      expect(counts.get('kazakhstan')).toBeGreaterThanOrEqual(2);
      expect([...counts.values()].filter((count) => count >= 2).length).toBeGreaterThanOrEqual(2);
      for (const [slug, set] of labels) expect([...set], slug).toHaveLength(1);
    });

    it('are written in the publication\'s script', () => {
      for (const { file, raw } of samples) {
        const text = `${String(raw.title)} ${String(raw.summary)}`;
        const script = text.match(publicationId === 'fa' ? /\p{Script=Arabic}/gu : /\p{Script=Cyrillic}/gu)?.length ?? 0;
        const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
        expect(script, file).toBeGreaterThan(10 * Math.max(1, latin));
      }
    });
  });

  it('share the topic slug kazakhstan with the default publication, under ids of their own', async () => {
    const defaults = await loadSamplePosts(SAMPLE_POSTS_DIRECTORY);
    expect(defaults.some((post) => post.topics.some((topic) => topic.slug === 'kazakhstan'))).toBe(true);
    const ids = [DEFAULT_PUBLICATION_ID, 'ru', 'fa'].flatMap((publicationId) => rawPostsOf(publicationId).map(({ raw }) => String(raw.id)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(defaults).toHaveLength(rawPostsOf(DEFAULT_PUBLICATION_ID).length);
  });

  it.each(['ru', 'fa'])('give %s one partner feed in its language, which the ingest parser reads', async (publicationId) => {
    const [feed, ...others] = sampleFeedsOf(publicationId);
    expect(others).toEqual([]);
    const parsed = await parseFeed(readFileSync(join(SAMPLE_FEEDS_DIRECTORY, feed!.file), 'utf8'));
    expect(parsed.items.length).toBeGreaterThanOrEqual(3);
    expect(parsed.title).toMatch(publicationId === 'fa' ? /\p{Script=Arabic}/u : /\p{Script=Cyrillic}/u);
  });

  it('keep the default publication\'s partner feeds as they were, and every subscription id unique', () => {
    expect(sampleFeedsOf(DEFAULT_PUBLICATION_ID).map((feed) => feed.subscriptionId)).toEqual(['steppe-wire', 'valley-monitor', 'border-notes']);
    expect(new Set(SAMPLE_FEEDS.map((feed) => feed.subscriptionId)).size).toBe(SAMPLE_FEEDS.length);
  });
});
