import { describe, expect, it } from 'vitest';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { NS, childrenNamed, onlyChild, parseStrictXml, textOf, type ParsedElement } from './strict-xml-tree.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';

function channelOf(text: string): ParsedElement {
  return onlyChild(parseStrictXml(text), NS.none, 'channel');
}

function onlyItemOf(text: string): ParsedElement {
  return onlyChild(channelOf(text), NS.none, 'item');
}

describe('renderRss', () => {
  it('starts with the XML declaration and an RSS 2.0 root', () => {
    const text = renderRss(sampleDocument());
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')).toBe(true);
    expect(parseStrictXml(text).attributes.version).toBe('2.0');
  });

  it('writes the channel head from the document', () => {
    const channel = channelOf(renderRss(sampleDocument({ copyright: '© 2026 Feedline' })));
    expect({
      title: textOf(channel, NS.none, 'title'),
      link: textOf(channel, NS.none, 'link'),
      description: textOf(channel, NS.none, 'description'),
      language: textOf(channel, NS.none, 'language'),
      copyright: textOf(channel, NS.none, 'copyright'),
      lastBuildDate: textOf(channel, NS.none, 'lastBuildDate'),
      generator: textOf(channel, NS.none, 'generator'),
      self: onlyChild(channel, NS.atom, 'link').attributes,
    }).toEqual({
      title: 'Feedline News',
      link: 'https://news.example.org/',
      description: 'What happened, as it happened',
      language: 'en',
      copyright: '© 2026 Feedline',
      lastBuildDate: 'Sat, 21 Nov 2026 09:15:00 GMT',
      generator: 'Feedline',
      self: { href: 'https://feeds.example.org/feeds/all/rss.xml', rel: 'self', type: 'application/rss+xml' },
    });
  });

  it('writes every field of an item', () => {
    const item = onlyItemOf(renderRss(sampleDocument()));
    expect({
      title: textOf(item, NS.none, 'title'),
      link: textOf(item, NS.none, 'link'),
      description: textOf(item, NS.none, 'description'),
      content: textOf(item, NS.content, 'encoded'),
      guid: onlyChild(item, NS.none, 'guid'),
      pubDate: textOf(item, NS.none, 'pubDate'),
      creators: childrenNamed(item, NS.dc, 'creator').map((creator) => creator.text),
      authors: childrenNamed(item, NS.none, 'author').map((author) => author.text),
      categories: childrenNamed(item, NS.none, 'category').map((category) => [category.attributes.domain, category.text]),
    }).toEqual({
      title: 'First post',
      link: 'https://news.example.org/posts/post-1',
      description: 'A short summary.',
      content: '<p>The whole body.</p>',
      guid: expect.objectContaining({ text: 'tag:news.example.org,2026:post/post-1', attributes: { isPermaLink: 'false' } }),
      pubDate: 'Fri, 20 Nov 2026 08:00:00 GMT',
      creators: ['Ada Lovelace'],
      authors: [],
      categories: [['https://news.example.org/topics/', 'Science']],
    });
  });

  it.each([
    {
      name: 'several authors, some with an e-mail',
      authors: [{ name: 'Абай' }, { name: 'Ada', email: 'ada@example.org' }, { name: 'Grace', email: 'grace@example.org' }],
      creators: ['Абай', 'Ada', 'Grace'],
    },
    { name: 'one author with an e-mail', authors: [{ name: 'Ada', email: 'ada@example.org' }], creators: ['Ada'] },
    { name: 'one author without an e-mail', authors: [{ name: 'Абай' }], creators: ['Абай'] },
  ])('names $name with dc:creator alone, never also <author>', ({ authors, creators }) => {
    const item = onlyItemOf(renderRss(sampleDocument({ items: [sampleItem({ authors })] })));
    expect(childrenNamed(item, NS.dc, 'creator').map((creator) => creator.text)).toEqual(creators);
    expect(childrenNamed(item, NS.none, 'author')).toEqual([]);
  });

  it('writes the lead image as an enclosure and as media:content with caption and credit', () => {
    const item = onlyItemOf(renderRss(sampleDocument()));
    const media = onlyChild(item, NS.media, 'content');
    expect(onlyChild(item, NS.none, 'enclosure').attributes).toEqual({
      url: 'https://img.example.org/lead.jpg',
      length: '48213',
      type: 'image/jpeg',
    });
    expect(media.attributes).toEqual({
      url: 'https://img.example.org/lead.jpg',
      type: 'image/jpeg',
      medium: 'image',
      width: '1200',
      height: '800',
      fileSize: '48213',
    });
    expect(onlyChild(media, NS.media, 'description')).toMatchObject({ text: 'The lead image', attributes: { type: 'plain' } });
    expect(textOf(media, NS.media, 'credit')).toBe('Photo: Grace Hopper');
  });

  it('gives an enclosure of unknown size length 0, as RSS requires a length', () => {
    const image = { url: 'https://img.example.org/a.png', type: 'image/png' };
    const item = onlyItemOf(renderRss(sampleDocument({ items: [sampleItem({ image })] })));
    expect(onlyChild(item, NS.none, 'enclosure').attributes.length).toBe('0');
    expect(onlyChild(item, NS.media, 'content').attributes).toEqual({ url: image.url, type: image.type, medium: 'image' });
    expect(onlyChild(item, NS.media, 'content').children).toEqual([]);
  });

  it.each([
    { name: 'the summary, escaped for HTML, when there is one', summary: 'Summary <3 & more.', contentHtml: '<p>Body</p>', description: 'Summary &lt;3 &amp; more.' },
    {
      name: 'a plain-text excerpt of the body, escaped for HTML, when the summary is empty',
      summary: '',
      contentHtml: '<p>Body with <b>bold</b> &amp; more &lt;i&gt;.</p>',
      description: 'Body with bold &amp; more &lt;i&gt;.',
    },
  ])('describes an item with $name', ({ summary, contentHtml, description }) => {
    const item = onlyItemOf(renderRss(sampleDocument({ items: [sampleItem({ summary, contentHtml })] })));
    expect(textOf(item, NS.none, 'description')).toBe(description);
    expect(textOf(item, NS.content, 'encoded')).toBe(contentHtml);
  });

  it.each([
    { name: 'an item with body, an author without e-mail and image', items: [sampleItem({ authors: [{ name: 'Абай' }] })], prefixes: ['atom', 'content', 'dc', 'media'] },
    { name: 'an item whose only author has an e-mail', items: [sampleItem({ image: undefined })], prefixes: ['atom', 'content', 'dc'] },
    { name: 'an item without body or image', items: [sampleItem({ image: undefined, contentHtml: '', authors: [{ name: 'Абай' }] })], prefixes: ['atom', 'dc'] },
    { name: 'no items', items: [], prefixes: ['atom'] },
  ])('declares only the namespaces used by $name', ({ items, prefixes }) => {
    const root = parseStrictXml(renderRss(sampleDocument({ items })));
    const declared = Object.keys(root.attributes).filter((name) => name.startsWith('xmlns:'));
    expect(declared).toEqual(prefixes.map((prefix) => `xmlns:${prefix}`));
  });
});
