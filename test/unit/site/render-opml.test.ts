import { describe, expect, it } from 'vitest';
import { renderOpml } from '../../../shared/site/render-opml.ts';
import { parseStrictXml, type ParsedElement } from '../feed/strict-xml-tree.ts';
import { catalogEntry, TEST_SITE } from './catalog-fixtures.ts';

const entries = [
  catalogEntry('sources/steppe-wire', { updated: '2026-11-24T08:00:00.000Z', title: 'Steppe & Wire', description: '"Partner" <news>' }),
  catalogEntry('topics/russia', { updated: '2026-11-22T08:00:00.000Z' }),
  catalogEntry('all', { updated: '2026-11-23T08:00:00.000Z', language: 'ru' }),
];

function child(element: ParsedElement, local: string): ParsedElement | undefined {
  return element.children.find((candidate) => candidate.local === local);
}

describe('renderOpml', () => {
  const opml = renderOpml(TEST_SITE, entries);
  const root = parseStrictXml(opml);
  const head = child(root, 'head');
  const body = child(root, 'body');

  it('is well-formed OPML 2.0 with the head the spec describes', () => {
    expect(root.local).toBe('opml');
    expect(root.attributes.version).toBe('2.0');
    expect(child(head!, 'title')?.text).toBe('Steppe Rights Monitor: feeds');
    expect(child(head!, 'docs')?.text).toBe('http://opml.org/spec2.opml');
    expect(child(head!, 'ownerName')?.text).toBe('Steppe Rights Monitor');
    expect(child(head!, 'ownerId')?.text).toBe('https://example.org/');
  });

  it('dates the list by the newest feed update, not the clock', () => {
    expect(child(head!, 'dateModified')?.text).toBe('Tue, 24 Nov 2026 08:00:00 GMT');
    expect(renderOpml(TEST_SITE, [...entries].reverse())).toBe(opml);
  });

  it('groups feeds in folders: site-wide, topics, sources', () => {
    expect(body!.children.map((folder) => folder.attributes.text)).toEqual(['Site-wide', 'Topics', 'Partner sources']);
    expect(body!.children.map((folder) => folder.children.map((outline) => outline.attributes.xmlUrl))).toEqual([
      ['https://feeds.example.org/feeds/all/rss.xml'],
      ['https://feeds.example.org/feeds/topics/russia/rss.xml'],
      ['https://feeds.example.org/feeds/sources/steppe-wire/rss.xml'],
    ]);
  });

  it('gives every feed outline the attributes subscription lists need, escaped', () => {
    const outlines = body!.children.flatMap((folder) => folder.children);
    expect(outlines).toHaveLength(3);
    for (const outline of outlines) {
      expect(outline.attributes.type).toBe('rss');
      for (const name of ['text', 'title', 'xmlUrl', 'htmlUrl', 'description', 'language']) expect(outline.attributes[name], name).toBeTruthy();
      expect(outline.children).toEqual([]);
    }
    const source = outlines[2]!;
    expect(source.attributes).toMatchObject({
      text: 'Steppe & Wire',
      description: '"Partner" &lt;news&gt;',
      htmlUrl: 'https://example.org/sources/steppe-wire/',
    });
    expect(outlines[0]!.attributes.language).toBe('ru');
  });

  it('types every outline that carries more than text, as the W3C validator asks', () => {
    const outlines = body!.children.flatMap((folder) => [folder, ...folder.children]);
    for (const outline of outlines) {
      if (Object.keys(outline.attributes).some((name) => name !== 'text')) expect(outline.attributes.type, outline.attributes.text).toBeTruthy();
    }
    expect(body!.children.map((folder) => folder.attributes)).toEqual([{ text: 'Site-wide' }, { text: 'Topics' }, { text: 'Partner sources' }]);
  });

  it('writes names and descriptions so that no tag can start in them: outliners render them as HTML', () => {
    const markup = '<img src=x onerror=alert(1)> & Co';
    const [outline] = child(parseStrictXml(renderOpml(TEST_SITE, [catalogEntry('all', { title: markup, description: markup })])), 'body')!.children[0]!.children;
    const inert = '&lt;img src=x onerror=alert(1)&gt; & Co';
    expect(outline!.attributes).toMatchObject({ text: inert, title: inert, description: inert });
  });

  it('has an empty body and no date when nothing is published', () => {
    const empty = parseStrictXml(renderOpml(TEST_SITE, []));
    expect(child(empty, 'body')?.children).toEqual([]);
    expect(child(child(empty, 'head')!, 'dateModified')).toBeUndefined();
  });

  it('names its folders and title in the site\'s language', () => {
    const persian = parseStrictXml(renderOpml({ ...TEST_SITE, language: 'fa' }, entries));
    expect(child(child(persian, 'head')!, 'title')?.text).toBe('Steppe Rights Monitor: خوراک‌ها');
    expect(child(persian, 'body')!.children.map((folder) => folder.attributes)).toEqual([{ text: 'همهٔ سایت' }, { text: 'موضوع‌ها' }, { text: 'منابع همکار' }]);
  });
});
