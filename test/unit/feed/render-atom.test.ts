import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { NS, childrenNamed, onlyChild, parseStrictXml, textOf, type ParsedElement } from './strict-xml-tree.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';

function onlyEntryOf(text: string): ParsedElement {
  return onlyChild(parseStrictXml(text), NS.atom, 'entry');
}

function linksOf(parent: ParsedElement): Record<string, string>[] {
  return childrenNamed(parent, NS.atom, 'link').map((link) => link.attributes);
}

describe('renderAtom', () => {
  it('starts with the XML declaration and an Atom feed root with the feed language', () => {
    const text = renderAtom(sampleDocument({ language: 'kk' }));
    const root = parseStrictXml(text);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')).toBe(true);
    expect([root.uri, root.local, root.attributes['xml:lang']]).toEqual([NS.atom, 'feed', 'kk']);
  });

  it('writes the feed head from the document', () => {
    const feed = parseStrictXml(renderAtom(sampleDocument({ copyright: '© 2026 Feedline' })));
    expect({
      id: textOf(feed, NS.atom, 'id'),
      title: onlyChild(feed, NS.atom, 'title').attributes.type,
      titleText: textOf(feed, NS.atom, 'title'),
      subtitle: textOf(feed, NS.atom, 'subtitle'),
      updated: textOf(feed, NS.atom, 'updated'),
      rights: textOf(feed, NS.atom, 'rights'),
      generator: textOf(feed, NS.atom, 'generator'),
      links: linksOf(feed),
    }).toEqual({
      id: 'tag:news.example.org,2026:feed/all',
      title: 'text',
      titleText: 'Feedline News',
      subtitle: 'What happened, as it happened',
      updated: '2026-11-21T09:15:00.000Z',
      rights: '© 2026 Feedline',
      generator: 'Feedline',
      links: [
        { rel: 'self', type: 'application/atom+xml', href: 'https://feeds.example.org/feeds/all/atom.xml' },
        { rel: 'alternate', type: 'text/html', href: 'https://news.example.org/' },
      ],
    });
  });

  it('writes every field of an entry', () => {
    const entry = onlyEntryOf(renderAtom(sampleDocument()));
    expect({
      id: textOf(entry, NS.atom, 'id'),
      title: onlyChild(entry, NS.atom, 'title'),
      published: textOf(entry, NS.atom, 'published'),
      updated: textOf(entry, NS.atom, 'updated'),
      summary: onlyChild(entry, NS.atom, 'summary'),
      content: onlyChild(entry, NS.atom, 'content'),
      authors: childrenNamed(entry, NS.atom, 'author').map((author) =>
        author.children.map((field) => [field.local, field.text]),
      ),
      categories: childrenNamed(entry, NS.atom, 'category').map((category) => category.attributes),
      links: linksOf(entry),
    }).toEqual({
      id: 'tag:news.example.org,2026:post/post-1',
      title: expect.objectContaining({ text: 'First post', attributes: { type: 'text' } }),
      published: '2026-11-20T08:00:00.000Z',
      updated: '2026-11-21T09:15:00.000Z',
      summary: expect.objectContaining({ text: 'A short summary.', attributes: { type: 'text' } }),
      content: expect.objectContaining({ text: '<p>The whole body.</p>', attributes: { type: 'html' } }),
      authors: [
        [
          ['name', 'Ada Lovelace'],
          ['uri', 'https://news.example.org/authors/ada'],
          ['email', 'ada@example.org'],
        ],
      ],
      categories: [{ term: 'science', scheme: 'https://news.example.org/topics/', label: 'Science' }],
      links: [
        { rel: 'alternate', type: 'text/html', href: 'https://news.example.org/posts/post-1' },
        { rel: 'enclosure', type: 'image/jpeg', length: '48213', href: 'https://img.example.org/lead.jpg' },
      ],
    });
  });

  it('writes the lead image as media:content with caption and credit', () => {
    const media = onlyChild(onlyEntryOf(renderAtom(sampleDocument())), NS.media, 'content');
    expect(media.attributes).toEqual({
      url: 'https://img.example.org/lead.jpg',
      type: 'image/jpeg',
      medium: 'image',
      width: '1200',
      height: '800',
      fileSize: '48213',
    });
    expect([textOf(media, NS.media, 'description'), textOf(media, NS.media, 'credit')]).toEqual([
      'The lead image',
      'Photo: Grace Hopper',
    ]);
  });

  it('leaves out the enclosure length when the image size is unknown', () => {
    const image = { url: 'https://img.example.org/a.png', type: 'image/png' };
    const entry = onlyEntryOf(renderAtom(sampleDocument({ items: [sampleItem({ image })] })));
    expect(linksOf(entry)[1]).toEqual({ rel: 'enclosure', type: 'image/png', href: image.url });
  });

  it.each([
    { name: 'inherits the feed language', language: 'en', lang: undefined },
    { name: 'states its own language when it differs', language: 'ar', lang: 'ar' },
  ])('an entry $name', ({ language, lang }) => {
    const entry = onlyEntryOf(renderAtom(sampleDocument({ items: [sampleItem({ language })] })));
    expect(entry.attributes['xml:lang']).toBe(lang);
  });

  it('summarises an entry without summary with a plain-text excerpt of its body', () => {
    const item = sampleItem({ summary: '', contentHtml: '<h1>Head</h1><p>Line &lt;one&gt;</p>' });
    const entry = onlyEntryOf(renderAtom(sampleDocument({ items: [item] })));
    expect(textOf(entry, NS.atom, 'summary')).toBe('Head Line <one>');
  });

  it.each([
    { name: 'with an image', items: [sampleItem()], declared: ['xmlns', 'xmlns:media'] },
    { name: 'without images', items: [sampleItem({ image: undefined })], declared: ['xmlns'] },
  ])('declares Media RSS only when used: $name', ({ items, declared }) => {
    const root = parseStrictXml(renderAtom(sampleDocument({ items })));
    expect(Object.keys(root.attributes).filter((name) => name.startsWith('xmlns'))).toEqual(declared);
  });
});
