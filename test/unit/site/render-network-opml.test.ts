import { describe, expect, it } from 'vitest';
import { renderNetworkOpml } from '../../../shared/site/render-network-opml.ts';
import { parseStrictXml, type ParsedElement } from '../feed/strict-xml-tree.ts';
import { TEST_NETWORK, TEST_PUBLICATIONS } from './catalog-fixtures.ts';

function child(element: ParsedElement, local: string): ParsedElement {
  const found = element.children.find((candidate) => candidate.local === local);
  if (!found) throw new Error(`no <${local}> in <${element.local}>`);
  return found;
}

describe('renderNetworkOpml', () => {
  const opml = renderNetworkOpml(TEST_NETWORK, TEST_PUBLICATIONS);
  const root = parseStrictXml(opml);
  const head = child(root, 'head');
  const folders = child(root, 'body').children;

  it('is well-formed OPML 2.0 with the head the spec describes', () => {
    expect(root.attributes.version).toBe('2.0');
    expect(child(head, 'title').text).toBe('Steppe Rights Network: feeds of every publication');
    expect(child(head, 'ownerName').text).toBe('Steppe Rights Network');
    expect(child(head, 'ownerId').text).toBe('https://feeds.example.org/network/index.html');
    expect(child(head, 'docs').text).toBe('http://opml.org/spec2.opml');
  });

  it('dates the list by the newest feed of any publication, not the clock', () => {
    expect(child(head, 'dateModified').text).toBe('Wed, 25 Nov 2026 08:00:00 GMT');
  });

  it('has one text-only folder per publication, the default one first, then by id', () => {
    expect(folders.map((folder) => folder.attributes)).toEqual([{ text: 'Steppe Rights Monitor' }, { text: 'دیده‌بان حقوق' }, { text: 'Степной монитор' }]);
  });

  it('holds each publication\'s feeds in its folder, typed, with their language, site-wide feed first', () => {
    expect(folders.map((folder) => folder.children.map((outline) => outline.attributes.xmlUrl))).toEqual([
      ['https://feeds.example.org/feeds/all/rss.xml', 'https://feeds.example.org/feeds/topics/kazakhstan/rss.xml'],
      ['https://feeds.example.org/pubs/fa/feeds/all/rss.xml', 'https://feeds.example.org/pubs/fa/feeds/topics/kazakhstan/rss.xml'],
      ['https://feeds.example.org/pubs/ru/feeds/all/rss.xml', 'https://feeds.example.org/pubs/ru/feeds/sources/volga-dispatch/rss.xml'],
    ]);
    for (const outline of folders.flatMap((folder) => folder.children)) {
      expect(outline.attributes).toMatchObject({ type: 'rss', version: 'RSS2' });
      expect(outline.children).toEqual([]);
    }
    expect(folders[1]!.children.map((outline) => outline.attributes.language)).toEqual(['fa', 'fa']);
  });

  it('leaves out a publication without feeds, and dates nothing when no feed exists', () => {
    const empty = parseStrictXml(renderNetworkOpml(TEST_NETWORK, [{ ...TEST_PUBLICATIONS[0]!, entries: [] }]));
    expect(child(empty, 'body').children).toEqual([]);
    expect(child(empty, 'head').children.map((element) => element.local)).not.toContain('dateModified');
  });

  it('is deterministic: the same publications in any order give the same bytes', () => {
    expect(renderNetworkOpml(TEST_NETWORK, [...TEST_PUBLICATIONS].reverse())).toBe(opml);
  });
});
