import { describe, expect, it } from 'vitest';
import { xmlElement, xmlTextElement } from '../../../shared/feed/xml-element.ts';
import { cleanXmlText } from '../../../shared/post/xml-text.ts';
import { UndeclaredXmlPrefixError, declareUsedNamespaces } from '../../../shared/feed/xml-namespaces.ts';
import { serializeXmlDocument } from '../../../shared/feed/xml-serializer.ts';
import { parseStrictXml } from './strict-xml-tree.ts';

describe('serializeXmlDocument', () => {
  it('indents element children and keeps text inline', () => {
    const root = xmlElement('a', { x: '1' }, xmlTextElement('b', 'text'), xmlElement('c'), undefined, false);
    expect(serializeXmlDocument(root)).toBe('<?xml version="1.0" encoding="utf-8"?>\n<a x="1">\n  <b>text</b>\n  <c/>\n</a>\n');
  });

  it.each([
    { name: 'markup characters', value: `<&>"' ]]>` },
    { name: 'tab, line feed and carriage return', value: 'a\tb\nc\rd\r\ne' },
    { name: 'characters outside the BMP', value: '😀 𝄞' },
  ])('keeps $name exactly, in text and in attributes', ({ value }) => {
    const parsed = parseStrictXml(serializeXmlDocument(xmlTextElement('a', value, { v: value })));
    expect([parsed.text, parsed.attributes.v]).toEqual([value, value]);
  });

  it('writes mixed content inline, so no whitespace is added to the text', () => {
    const root = xmlElement('p', {}, 'a ', xmlTextElement('b', 'bold'), xmlElement('br'), ' c');
    expect(serializeXmlDocument(root)).toContain('<p>a <b>bold</b><br/> c</p>');
  });

  it('leaves out attributes whose value is undefined', () => {
    expect(serializeXmlDocument(xmlElement('a', { x: undefined, y: 0 }))).toContain('<a y="0"/>');
  });
});

describe('declareUsedNamespaces', () => {
  it('declares the used prefixes in a fixed order, ignoring xml:', () => {
    const root = xmlElement('rss', { 'xml:lang': 'en' }, xmlElement('media:content'), xmlElement('atom:link'));
    expect(declareUsedNamespaces(root).attributes.map(([name]) => name)).toEqual(['xml:lang', 'xmlns:atom', 'xmlns:media']);
  });

  it('finds prefixes on attributes too', () => {
    const root = xmlElement('rss', {}, xmlElement('x', { 'dc:y': '1' }));
    expect(declareUsedNamespaces(root).attributes).toEqual([['xmlns:dc', 'http://purl.org/dc/elements/1.1/']]);
  });

  it('refuses a prefix it has no namespace for', () => {
    expect(() => declareUsedNamespaces(xmlElement('rss', {}, xmlElement('googleplay:author')))).toThrow(UndeclaredXmlPrefixError);
  });
});

describe('escapeXmlText and escapeXmlAttribute', () => {
  /** Every C0 control, both surrogate halves alone and paired, and the two non-characters. */
  const CANDIDATES = [
    ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
    '\uD800',
    '\uDBFF',
    '\uDC00',
    '\uDFFF',
    '\uD83D\uDE00',
    '\uFFFE',
    '\uFFFF',
    '\uFFFD',
  ];

  it.each(CANDIDATES.map((character) => ({ character, code: [...character].map((c) => c.codePointAt(0)?.toString(16)).join(' ') })))(
    'removes U+$code exactly when the post model would',
    ({ character }) => {
      const text = `a${character}b`;
      const expected = serializeXmlDocument(xmlTextElement('x', cleanXmlText(text), { v: cleanXmlText(text) }));
      expect(serializeXmlDocument(xmlTextElement('x', text, { v: text }))).toBe(expected);
    },
  );
});
