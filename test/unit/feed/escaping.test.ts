import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderJsonFeed } from '../../../shared/feed/render-json-feed.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { NS, childrenNamed, onlyChild, parseStrictXml, textOf, type ParsedElement } from './strict-xml-tree.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';

/** Text that has broken feeds somewhere: each must come back from a strict parser exactly. */
const NASTY_TEXTS = [
  { name: 'ampersands', text: 'Tom & Jerry &amp; &#38; &nbsp;' },
  { name: 'angle brackets', text: 'a < b > c <b>not bold</b>' },
  { name: 'quotes', text: `"double" 'single' «guillemets» „low“` },
  { name: ']]> once', text: 'end]]>here' },
  { name: ']]> several times', text: ']]>a]]>b]]]]>c<![CDATA[d]]>' },
  { name: 'emoji outside the BMP', text: 'Hot 🔥 take 👩‍👩‍👧 done' },
  { name: 'right-to-left Arabic', text: 'مرحبا بالعالم «اقتباس»' },
  { name: 'Chinese', text: '中文标题：测试' },
  { name: 'Cyrillic and Kazakh', text: 'Қазақстан — Россия, ёлка' },
  { name: 'tabs, newlines and carriage returns', text: 'line one\r\nline\ttwo\rthree\n' },
  // JSON writes a backslash as `\\`: before u, b or f it looks like an escape of a control.
  { name: 'backslashes before u, b and f', text: 'C:\\users\\bob \\b \\f \\u0001 \\ud83d' },
] as const;

/** Forbidden in XML 1.0, or controls no reader wants: removed, the rest of the text kept. */
const FORBIDDEN_TEXTS = [
  { name: 'U+0001', text: 'a\u0001b', cleaned: 'ab' },
  { name: 'U+0008 (backspace, `\\b` in JSON)', text: 'a\u0008b', cleaned: 'ab' },
  { name: 'U+000B (vertical tab)', text: 'a\u000Bb', cleaned: 'ab' },
  { name: 'U+000C (form feed, `\\f` in JSON)', text: 'a\u000Cb', cleaned: 'ab' },
  { name: 'U+001F', text: 'a\u001Fb', cleaned: 'ab' },
  { name: 'a lone high surrogate', text: 'a\uD83Db', cleaned: 'ab' },
  { name: 'a lone low surrogate', text: 'a\uDE00b', cleaned: 'ab' },
  { name: 'U+FFFE', text: 'a\uFFFEb', cleaned: 'ab' },
  { name: 'U+FFFF', text: 'a\uFFFFb', cleaned: 'ab' },
  // Allowed by XML 1.0 but discouraged (section 2.2), and failed by strict JSON Feed checks.
  { name: 'U+007F (delete)', text: 'a\u007Fb', cleaned: 'ab' },
  { name: 'U+0080, the first C1 control', text: 'a\u0080b', cleaned: 'ab' },
  { name: 'U+0085 (next line)', text: 'a\u0085b', cleaned: 'ab' },
  { name: 'U+0092, a windows-1252 quote read as Latin-1', text: 'it\u0092s', cleaned: 'its' },
  { name: 'U+009F, the last C1 control', text: 'a\u009Fb', cleaned: 'ab' },
] as const;

/** Puts the same text into every text field a reader sees. */
function documentCarrying(text: string): FeedDocument {
  return sampleDocument({
    title: text,
    description: text,
    items: [
      sampleItem({
        title: text,
        summary: text,
        contentHtml: text,
        authors: [{ name: text }],
        categories: [{ term: 'topic', label: text, scheme: 'https://news.example.org/topics/' }],
        image: { url: 'https://img.example.org/a.jpg', type: 'image/jpeg', caption: text, credit: text },
      }),
    ],
  });
}

interface ReadBack {
  feedTitle: string;
  feedDescription: string;
  title: string;
  summary: string;
  body: string;
  author: string;
  category: string;
  caption: string;
  credit: string;
}

function mediaTexts(entry: ParsedElement): Pick<ReadBack, 'caption' | 'credit'> {
  const media = onlyChild(entry, NS.media, 'content');
  return { caption: textOf(media, NS.media, 'description'), credit: textOf(media, NS.media, 'credit') };
}

/** The text an HTML slot shows once a reader renders it; an element in it fails the test. */
function shownHtmlText(html: string): string {
  const document = parseDocument(html);
  expect(DomUtils.findAll(() => true, document.children).map((element) => element.name)).toEqual([]);
  return DomUtils.textContent(document);
}

/** RSS descriptions are HTML: the plain text in them is read back as a reader renders it. */
function readRss(text: string): ReadBack {
  const channel = onlyChild(parseStrictXml(text), NS.none, 'channel');
  const item = onlyChild(channel, NS.none, 'item');
  return {
    feedTitle: textOf(channel, NS.none, 'title'),
    feedDescription: shownHtmlText(textOf(channel, NS.none, 'description')),
    title: textOf(item, NS.none, 'title'),
    summary: shownHtmlText(textOf(item, NS.none, 'description')),
    body: textOf(item, NS.content, 'encoded'),
    author: textOf(item, NS.dc, 'creator'),
    category: textOf(item, NS.none, 'category'),
    ...mediaTexts(item),
  };
}

function readAtom(text: string): ReadBack {
  const feed = parseStrictXml(text);
  const entry = onlyChild(feed, NS.atom, 'entry');
  return {
    feedTitle: textOf(feed, NS.atom, 'title'),
    feedDescription: textOf(feed, NS.atom, 'subtitle'),
    title: textOf(entry, NS.atom, 'title'),
    summary: textOf(entry, NS.atom, 'summary'),
    body: textOf(entry, NS.atom, 'content'),
    author: textOf(onlyChild(entry, NS.atom, 'author'), NS.atom, 'name'),
    category: onlyChild(entry, NS.atom, 'category').attributes.label ?? '',
    ...mediaTexts(entry),
  };
}

/** JSON Feed has no place for caption and credit; those two are checked in the XML formats. */
function readJson(text: string): Omit<ReadBack, 'caption' | 'credit'> {
  const feed = JSON.parse(text);
  const [item] = feed.items;
  return {
    feedTitle: feed.title,
    feedDescription: feed.description,
    title: item.title,
    summary: item.summary,
    body: item.content_html,
    author: item.authors[0].name,
    category: item.tags[0],
  };
}

function everyField(text: string): ReadBack {
  return {
    feedTitle: text,
    feedDescription: text,
    title: text,
    summary: text,
    body: text,
    author: text,
    category: text,
    caption: text,
    credit: text,
  };
}

function withoutMedia({ caption: _caption, credit: _credit, ...rest }: ReadBack): Omit<ReadBack, 'caption' | 'credit'> {
  return rest;
}

describe('escaping', () => {
  describe.each(NASTY_TEXTS)('$name', ({ text }) => {
    it('comes back exactly from RSS', () => {
      expect(readRss(renderRss(documentCarrying(text)))).toEqual(everyField(text));
    });

    it('comes back exactly from Atom', () => {
      expect(readAtom(renderAtom(documentCarrying(text)))).toEqual(everyField(text));
    });

    it('comes back exactly from JSON Feed', () => {
      expect(readJson(renderJsonFeed(documentCarrying(text)))).toEqual(withoutMedia(everyField(text)));
    });
  });

  describe.each(FORBIDDEN_TEXTS)('a character XML forbids: $name', ({ text, cleaned }) => {
    it.each([
      { format: 'RSS', read: () => readRss(renderRss(documentCarrying(text))) },
      { format: 'Atom', read: () => readAtom(renderAtom(documentCarrying(text))) },
    ])('is removed from $format, the rest kept', ({ read }) => {
      expect(read()).toEqual(everyField(cleaned));
    });

    it('is removed from JSON Feed, the rest kept', () => {
      expect(readJson(renderJsonFeed(documentCarrying(text)))).toEqual(withoutMedia(everyField(cleaned)));
    });
  });

  it('removes a forbidden character that an entity in the body decodes to from the excerpt', () => {
    const doc = sampleDocument({ items: [sampleItem({ summary: '', contentHtml: '<p>a&#1;b &#xD83D;c&#x85;</p>' })] });
    expect([readRss(renderRss(doc)).summary, readAtom(renderAtom(doc)).summary, readJson(renderJsonFeed(doc)).summary]).toEqual(['ab c', 'ab c', 'ab c']);
  });

  it.each([
    { name: 'ampersands and quotes in a URL', url: 'https://news.example.org/p?a=1&b="2"&c=<3>' },
    { name: 'a non-ASCII URL', url: 'https://news.example.org/қазақ/中文?q=العربية' },
  ])('keeps $name intact in attributes', ({ url }) => {
    const doc = sampleDocument({ items: [sampleItem({ url })] });
    const entry = onlyChild(parseStrictXml(renderAtom(doc)), NS.atom, 'entry');
    const item = onlyChild(onlyChild(parseStrictXml(renderRss(doc)), NS.none, 'channel'), NS.none, 'item');
    expect(childrenNamed(entry, NS.atom, 'link')[0]?.attributes.href).toBe(url);
    expect(textOf(item, NS.none, 'link')).toBe(url);
  });

  it('writes no CDATA sections, so no ]]> can end one', () => {
    const doc = documentCarrying(']]>]]>');
    expect([renderRss(doc), renderAtom(doc)].some((text) => text.includes('<![CDATA['))).toBe(false);
  });
});
