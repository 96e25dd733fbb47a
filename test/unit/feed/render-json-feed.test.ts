import { describe, expect, it } from 'vitest';
import { checkJsonFeed } from '../../../shared/feed/check-feed-document.ts';
import { renderJsonFeed } from '../../../shared/feed/render-json-feed.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';

type JsonObject = Record<string, unknown>;

function parseFeed(text: string): JsonObject & { items: JsonObject[] } {
  return JSON.parse(text) as JsonObject & { items: JsonObject[] };
}

function pick(object: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

describe('renderJsonFeed', () => {
  it('writes the JSON Feed 1.1 top level from the document', () => {
    const { items, ...top } = parseFeed(renderJsonFeed(sampleDocument()));
    expect(top).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Feedline News',
      home_page_url: 'https://news.example.org/',
      feed_url: 'https://feeds.example.org/feeds/all/feed.json',
      description: 'What happened, as it happened',
      language: 'en',
    });
    expect(items).toHaveLength(1);
  });

  it('writes every field of an item', () => {
    const [item] = parseFeed(renderJsonFeed(sampleDocument())).items;
    expect(item).toEqual({
      id: 'tag:news.example.org,2026:post/post-1',
      url: 'https://news.example.org/posts/post-1',
      title: 'First post',
      content_html: '<p>The whole body.</p>',
      summary: 'A short summary.',
      image: 'https://img.example.org/lead.jpg',
      date_published: '2026-11-20T08:00:00.000Z',
      date_modified: '2026-11-21T09:15:00.000Z',
      authors: [{ name: 'Ada Lovelace', url: 'https://news.example.org/authors/ada' }],
      tags: ['Science'],
      language: 'en',
      attachments: [{ url: 'https://img.example.org/lead.jpg', mime_type: 'image/jpeg', size_in_bytes: 48213 }],
    });
  });

  it.each([
    { name: 'their own URL', author: { name: 'Ada', url: 'https://ada.example/', email: 'ada@example.org' }, expected: { name: 'Ada', url: 'https://ada.example/' } },
    { name: 'a mailto: URL when they only have an e-mail', author: { name: 'Ada', email: 'ada@example.org' }, expected: { name: 'Ada', url: 'mailto:ada@example.org' } },
    { name: 'no URL when they have neither', author: { name: 'Абай' }, expected: { name: 'Абай' } },
  ])('gives authors $name', ({ author, expected }) => {
    const [item] = parseFeed(renderJsonFeed(sampleDocument({ items: [sampleItem({ authors: [author] })] }))).items;
    expect(item?.authors).toEqual([expected]);
  });

  it('leaves out optional fields the item does not have', () => {
    const item = sampleItem({ summary: '', contentHtml: '', categories: [], image: undefined });
    const [written] = parseFeed(renderJsonFeed(sampleDocument({ items: [item] }))).items;
    expect(Object.keys(written ?? {})).toEqual([
      'id',
      'url',
      'title',
      'content_html',
      'date_published',
      'date_modified',
      'authors',
      'language',
    ]);
  });

  it('cleans forbidden characters out of ids, URLs, languages and types too', () => {
    const image = { url: 'https://img.example.org/\u0001lead.jpg', type: 'image/\uFFFEjpeg' };
    const item = sampleItem({ id: 'tag:news.example.org,2026:post/\u0008p', url: 'https://news.example.org/\u0085p', language: 'e\uDC00n', image });
    const doc = sampleDocument({ homePageUrl: 'https://news.example.org/\u000C', hubs: ['https://hub.example.org/\u001F'], items: [item] });
    const { home_page_url, hubs, items } = parseFeed(renderJsonFeed(doc));
    expect({ home_page_url, hubs, item: pick(items[0] ?? {}, ['id', 'url', 'language', 'image', 'attachments']) }).toEqual({
      home_page_url: 'https://news.example.org/',
      hubs: [{ type: 'WebSub', url: 'https://hub.example.org/' }],
      item: {
        id: 'tag:news.example.org,2026:post/p',
        url: 'https://news.example.org/p',
        language: 'en',
        image: 'https://img.example.org/lead.jpg',
        attachments: [{ url: 'https://img.example.org/lead.jpg', mime_type: 'image/jpeg' }],
      },
    });
  });

  // The output is scanned for raw characters and for escapes separately: each alone must lead to the cleaning.
  it.each([
    { kind: 'a C1 control, written raw', title: 'Brief\u0085ing' },
    { kind: 'U+FFFF, written raw', title: 'Brief\uFFFFing' },
    { kind: 'a C0 control, written as an escape', title: 'Brief\u0001ing' },
    { kind: 'a backspace, written \\b', title: 'Brief\bing' },
    { kind: 'a lone surrogate, written as an escape', title: 'Brief\uD800ing' },
  ])('cleans a title whose only forbidden character is $kind', ({ title }) => {
    const { items } = parseFeed(renderJsonFeed(sampleDocument({ items: [sampleItem({ title })] })));
    expect(items[0]?.['title']).toBe('Briefing');
  });

  it.each([
    { name: 'a full document', doc: sampleDocument() },
    { name: 'an empty feed', doc: sampleDocument({ items: [], updated: '2026-01-01T00:00:00.000Z' }) },
    { name: 'an item with an empty body', doc: sampleDocument({ items: [sampleItem({ contentHtml: '' })] }) },
  ])('passes the JSON Feed 1.1 check for $name', ({ doc }) => {
    expect(checkJsonFeed(renderJsonFeed(doc))).toEqual({ ok: true });
  });
});
