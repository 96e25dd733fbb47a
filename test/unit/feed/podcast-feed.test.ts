import { describe, expect, it } from 'vitest';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { withPodcastShow } from '../../../shared/podcast/podcast-document.ts';
import { podcastGuidOf } from '../../../shared/podcast/podcast-guid.ts';
import { PodcastShowSchema, type PodcastShowInput } from '../../../shared/podcast/podcast-show.ts';
import { applePodcastProblems } from '../../support/apple-podcast-requirements.ts';
import { podcastShowInput } from '../../support/podcast-show-factory.ts';
import { NS, parseStrictXml, type ParsedElement } from './strict-xml-tree.ts';
import { episodeItem, sampleDocument } from './feed-samples.ts';

const ITUNES = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
const PODCAST = 'https://podcastindex.org/namespace/1.0';

function showInput(overrides: Partial<PodcastShowInput> = {}): PodcastShowInput {
  return podcastShowInput({
    artwork: { url: 'https://news.example.org/art/steppe-hour-3000.jpg', width: 3000, height: 3000 },
    owner: { name: 'Feedline News audio desk', email: 'audio@news.example.org' },
    author: 'Feedline News',
    ...overrides,
  });
}

function showDocument(overrides: Partial<PodcastShowInput> = {}): FeedDocument {
  const doc = sampleDocument({
    feedId: 'shows/steppe-hour',
    links: {
      rss: 'https://feeds.example.org/feeds/shows/steppe-hour/rss.xml',
      atom: 'https://feeds.example.org/feeds/shows/steppe-hour/atom.xml',
      json: 'https://feeds.example.org/feeds/shows/steppe-hour/feed.json',
    },
    items: [episodeItem(), episodeItem({ id: 'tag:news.example.org,2026:post/episode-6', postId: 'episode-6', episode: { show: 'steppe-hour', number: 6 }, transcript: undefined, chapters: undefined })],
  });
  return withPodcastShow(doc, PodcastShowSchema.parse(showInput(overrides)));
}

function find(parent: ParsedElement | undefined, uri: string, local: string): ParsedElement | undefined {
  return parent?.children.find((element) => element.uri === uri && element.local === local);
}

describe('a show settings record', () => {
  it.each([
    { name: 'artwork that is not square', input: showInput({ artwork: { url: 'https://e.org/a.jpg', width: 3000, height: 1400 } }), path: 'artwork.height', reason: /square/ },
    { name: 'artwork smaller than 1400 px', input: showInput({ artwork: { url: 'https://e.org/a.jpg', width: 600, height: 600 } }), path: 'artwork.width', reason: /at least 1400/ },
    { name: 'artwork larger than 3000 px', input: showInput({ artwork: { url: 'https://e.org/a.png', width: 4000, height: 4000 } }), path: 'artwork.width', reason: /at most 3000/ },
    { name: 'artwork that is no JPEG or PNG', input: showInput({ artwork: { url: 'https://e.org/a.webp', width: 3000, height: 3000 } }), path: 'artwork.url', reason: /JPEG or PNG/ },
    { name: 'a category Apple does not have', input: showInput({ category: { name: 'Human Rights' } }), path: 'category.name', reason: /not an Apple Podcasts category/ },
    { name: 'a subcategory of another category', input: showInput({ category: { name: 'News', subcategory: 'Documentary' } }), path: 'category.subcategory', reason: /not a subcategory of News/ },
    { name: 'an owner without e-mail', input: showInput({ owner: { name: 'Desk', email: 'desk' } }), path: 'owner.email', reason: /e-mail/ },
    { name: 'a guid that is no UUID', input: showInput({ guid: 'steppe-hour' }), path: 'guid', reason: /UUID/ },
  ])('refuses $name, naming the field', ({ input, path, reason }) => {
    const result = PodcastShowSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path.join('.') === path);
    expect(issue?.message, JSON.stringify(result.error?.issues)).toMatch(reason);
  });

  it('belongs to the default publication unless it names one', () => {
    expect(PodcastShowSchema.parse(showInput()).publicationId).toBe('default');
  });
});

describe('podcast:guid', () => {
  it('is the UUIDv5 of the feed URL without its scheme, as the Podcasting 2.0 specification computes it', () => {
    expect(podcastGuidOf('https://mp3s.nashownotes.com/pc20rss.xml')).toBe('917393e3-1b1e-5cef-ace4-edaa54e1f810');
    expect(podcastGuidOf('http://mp3s.nashownotes.com/pc20rss.xml/')).toBe('917393e3-1b1e-5cef-ace4-edaa54e1f810');
  });
});

describe("a show's RSS feed", () => {
  it('carries every channel tag Apple Podcasts requires and recommends, and the Podcasting 2.0 ones', () => {
    const channel = find(parseStrictXml(renderRss(showDocument({ locked: true }))), NS.none, 'channel');
    expect(find(channel, NS.none, 'title')?.text).toBe('The Steppe Hour');
    expect(find(channel, ITUNES, 'image')?.attributes.href).toBe('https://news.example.org/art/steppe-hour-3000.jpg');
    const category = find(channel, ITUNES, 'category');
    expect(category?.attributes.text).toBe('News');
    expect(find(category, ITUNES, 'category')?.attributes.text).toBe('Politics');
    expect(find(channel, ITUNES, 'explicit')?.text).toBe('false');
    expect(find(find(channel, ITUNES, 'owner'), ITUNES, 'email')?.text).toBe('audio@news.example.org');
    expect(find(channel, ITUNES, 'author')?.text).toBe('Feedline News');
    expect(find(channel, ITUNES, 'type')?.text).toBe('episodic');
    expect(find(channel, PODCAST, 'guid')?.text).toBe(podcastGuidOf('https://feeds.example.org/feeds/shows/steppe-hour/rss.xml'));
    expect(find(channel, PODCAST, 'locked')).toMatchObject({ text: 'yes', attributes: { owner: 'audio@news.example.org' } });
  });

  it('gives each episode its number, season, type, duration, transcript and chapters, and the post tag: id as guid', () => {
    const channel = find(parseStrictXml(renderRss(showDocument())), NS.none, 'channel');
    const [first, second] = channel?.children.filter((element) => element.local === 'item') ?? [];
    expect(find(first, NS.none, 'guid')?.text).toBe('tag:news.example.org,2026:post/episode-7');
    expect(find(first, ITUNES, 'episode')?.text).toBe('7');
    expect(find(first, ITUNES, 'season')?.text).toBe('2');
    expect(find(first, ITUNES, 'episodeType')?.text).toBe('full');
    expect(find(first, ITUNES, 'duration')?.text).toBe('2297');
    expect(find(first, PODCAST, 'transcript')?.attributes).toEqual({ url: 'https://media.example.org/radio/episode-7.vtt', type: 'text/vtt' });
    expect(find(first, PODCAST, 'chapters')?.attributes).toEqual({ url: 'https://media.example.org/radio/episode-7.chapters.json', type: 'application/json+chapters' });
    expect(find(second, ITUNES, 'season')).toBeUndefined();
    expect(find(second, ITUNES, 'episodeType')?.text).toBe('full');
  });

  it('keeps an episode guid when its audio moves to another URL', () => {
    const moved = showDocument();
    const before = renderRss(moved);
    const item = moved.items[0];
    if (item?.attachments?.[0]) item.attachments[0] = { ...item.attachments[0], url: 'https://cdn2.example.org/episode-7.mp3' };
    const guidsOf = (xml: string) => [...xml.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((match) => match[1]);
    expect(renderRss(moved)).not.toBe(before);
    expect(guidsOf(renderRss(moved))).toEqual(guidsOf(before));
  });

  it('passes the check of Apple\'s documented requirements with no error and no warning', () => {
    expect(applePodcastProblems(renderRss(showDocument()))).toEqual([]);
  });

  it('is refused by that check when an Apple requirement is missing, so the check is not blind', () => {
    const plain = { ...showDocument(), podcast: undefined };
    const messages = applePodcastProblems(renderRss(plain)).map((problem) => problem.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/itunes:image/), expect.stringMatching(/itunes:category/), expect.stringMatching(/itunes:explicit/)]));
  });

  it('writes no episode tags in other feeds, where episode numbers of several shows would mix', () => {
    const xml = renderRss(sampleDocument({ items: [episodeItem()] }));
    expect(xml).not.toContain('itunes:episode>');
    expect(xml).toContain('<itunes:duration>2297</itunes:duration>');
  });
});
