import { describe, expect, it } from 'vitest';
import { checkJsonFeed, checkWellFormedXml } from '../../../shared/feed/check-feed-document.ts';
import { FeedRenderError } from '../../../shared/feed/feed-render-error.ts';
import { checkRenderedFeed, renderFeedFiles } from '../../../shared/feed/render-feed.ts';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';

function twoPostDocument() {
  return sampleDocument({
    feedId: 'topics/science',
    items: [sampleItem(), sampleItem({ id: 'tag:news.example.org,2026:post/post-2', postId: 'post-2' })],
  });
}

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('renderFeedFiles', () => {
  it.each([
    { name: 'a full feed', doc: sampleDocument() },
    { name: 'an empty feed', doc: sampleDocument({ items: [], updated: '2026-01-01T00:00:00.000Z' }) },
  ])('renders all three formats of $name, each passing its check', ({ doc }) => {
    const files = renderFeedFiles(doc);
    expect(Object.keys(files)).toEqual(['rss', 'atom', 'json']);
    expect(checkWellFormedXml(files.rss)).toEqual({ ok: true, root: { uri: '', local: 'rss' } });
    expect(checkWellFormedXml(files.atom)).toEqual({ ok: true, root: { uri: 'http://www.w3.org/2005/Atom', local: 'feed' } });
    expect(checkJsonFeed(files.json)).toEqual({ ok: true });
  });

  it('reports a renderer failure as FeedRenderError with the cause', () => {
    const doc = sampleDocument({ items: [sampleItem({ publishedAt: 'not a date' })] });
    const error = caught(() => renderFeedFiles(doc));
    expect(error).toBeInstanceOf(FeedRenderError);
    expect(error).toMatchObject({ feedId: 'all', format: 'rss', postIds: ['post-1'], reason: expect.stringContaining('not a date') });
    expect((error as FeedRenderError).cause).toBeInstanceOf(Error);
  });
});

describe('checkRenderedFeed', () => {
  it.each([
    { name: 'broken RSS', format: 'rss' as const, text: '<?xml version="1.0" encoding="utf-8"?>\n<rss>\n<title>A & B</title></rss>', line: 3 },
    { name: 'broken Atom', format: 'atom' as const, text: '<feed xmlns="http://www.w3.org/2005/Atom"><entry></feed>', line: 1 },
  ])('throws FeedRenderError for $name, naming the feed, format, posts and position', ({ format, text, line }) => {
    const error = caught(() => checkRenderedFeed(twoPostDocument(), format, text));
    expect(error).toBeInstanceOf(FeedRenderError);
    expect(error).toMatchObject({ feedId: 'topics/science', format, postIds: ['post-1', 'post-2'], line });
    const { message, reason, column } = error as FeedRenderError;
    expect(column).toBeGreaterThan(0);
    expect(message).toContain('topics/science');
    expect(message).toContain(`(${format})`);
    expect(message).toContain('post-1, post-2');
    expect(message).toContain(reason);
    expect(message).toContain(`line ${line}`);
  });

  it('throws FeedRenderError for a JSON Feed missing required fields', () => {
    const error = caught(() => checkRenderedFeed(twoPostDocument(), 'json', '{"version":"https://jsonfeed.org/version/1.1"}'));
    expect(error).toMatchObject({ name: 'FeedRenderError', format: 'json', reason: expect.stringContaining('title') });
  });

  it('throws FeedRenderError when well-formed XML has the wrong root for its format', () => {
    const atom = renderAtom(sampleDocument());
    expect(() => checkRenderedFeed(sampleDocument(), 'rss', atom)).toThrow(/root element is \{http:\/\/www.w3.org\/2005\/Atom\}feed/);
  });

  it.each([
    { format: 'rss' as const, text: '<rss version="2.0"><channel/></rss>' },
    { format: 'atom' as const, text: '<feed xmlns="http://www.w3.org/2005/Atom"/>' },
  ])('accepts well-formed $format', ({ format, text }) => {
    expect(() => checkRenderedFeed(sampleDocument(), format, text)).not.toThrow();
  });
});
