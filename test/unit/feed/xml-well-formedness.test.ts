import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { checkXmlWellFormedness } from '../../../shared/feed/xml-well-formedness.ts';
import { episodeItem, goldenDocument, sampleDocument } from './feed-samples.ts';

/** The general parser the check replaced on the publish path, kept as the reference it must agree with. */
function saxesAccepts(text: string): boolean {
  const parser = new SaxesParser({ xmlns: true });
  let failed = false;
  let sawRoot = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.on('opentag', () => {
    sawRoot = true;
  });
  parser.write(text).close();
  return !failed && sawRoot;
}

/** Deterministic, so a failure reproduces: a linear congruential generator. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** What breaks XML when written in the wrong place. No lone surrogate: saxes lets one through before a space (see below). */
const MARKUP_PIECES = ['<', '>', '&', ';', '"', "'", '/', ':', '=', '!', '?', '-', '[', ']', ' ', 'a', 'xmlns:', '&amp;', '&#0;', '&#x41;', ']]>', '<!--', '-->', '<![CDATA[', '\u0001', '<?x ', '?>', 'xml'];

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const piece = MARKUP_PIECES[Math.floor(random() * MARKUP_PIECES.length)] ?? '';
  const choice = random();
  if (choice < 0.4) return text.slice(0, at) + piece + text.slice(at);
  if (choice < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  return text.slice(0, at) + piece + text.slice(at + piece.length);
}

const RENDERED = [
  renderRss(sampleDocument()),
  renderAtom(sampleDocument()),
  renderRss(goldenDocument()),
  renderAtom(goldenDocument()),
  renderRss(sampleDocument({ items: [episodeItem()] })),
];

const ATOM = 'http://www.w3.org/2005/Atom';

describe('checkXmlWellFormedness', () => {
  it.each([
    { name: 'a declaration, stylesheet instructions and a comment before the root', text: '<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="/a.xsl"?>\n<!-- x -->\n<rss/>', uri: '', local: 'rss' },
    { name: 'a default namespace', text: `<feed xmlns="${ATOM}"><entry/></feed>`, uri: ATOM, local: 'feed' },
    { name: 'a prefixed root', text: `<a:feed xmlns:a="${ATOM}"/>`, uri: ATOM, local: 'feed' },
    { name: 'xml:lang without a declaration', text: '<a xml:lang="kk"/>', uri: '', local: 'a' },
    { name: 'the five entities and character references', text: '<a t="&quot;&apos;">&amp;&lt;&gt;&#65;&#x1F600;</a>', uri: '', local: 'a' },
    { name: 'CDATA holding markup', text: '<a><![CDATA[<p>&nbsp;</p>]]></a>', uri: '', local: 'a' },
    { name: 'single-quoted attributes and spaces around =', text: "<a b = 'x' c='\"'/>", uri: '', local: 'a' },
    { name: 'a byte order mark', text: '\uFEFF<a/>', uri: '', local: 'a' },
    { name: 'an empty comment and trailing whitespace', text: '<a><!----></a>\n\n', uri: '', local: 'a' },
    { name: 'Persian and Cyrillic names and text', text: '<خبر عنوان="ок">Қазақстан</خبر>', uri: '', local: 'خبر' },
  ])('accepts $name', ({ text, uri, local }) => {
    expect(checkXmlWellFormedness(text)).toEqual({ ok: true, root: { uri, local } });
  });

  it.each([
    { name: 'a lone high surrogate before a space (saxes lets it through)', text: '<a>\n \uD800 <b/></a>', line: 2 },
    { name: 'a lone low surrogate', text: '<a>x\uDC00</a>', line: 1 },
    { name: 'a reference to a forbidden character', text: '<a>&#1;</a>', line: 1 },
    { name: 'a reference to a surrogate', text: '<a b="&#xD800;"/>', line: 1 },
    { name: 'a reference beyond Unicode', text: '<a>&#x110000;</a>', line: 1 },
    { name: 'an entity XML does not predefine', text: '<a>&nbsp;</a>', line: 1 },
    { name: 'an unescaped & in an attribute', text: '<a href="?x=1&y=2"/>', line: 1 },
    { name: '< in an attribute', text: '<a b="<"/>', line: 1 },
    { name: 'an unquoted attribute', text: '<a b=c/>', line: 1 },
    { name: 'a repeated attribute', text: '<a b="1" b="2"/>', line: 1 },
    { name: 'one attribute under two prefixes', text: '<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>', line: 1 },
    { name: 'an unbound attribute prefix', text: '<a p:b="1"/>', line: 1 },
    { name: 'a prefix bound to nothing', text: '<a xmlns:p=""/>', line: 1 },
    { name: 'the xmlns prefix declared', text: '<a xmlns:xmlns="urn:x"/>', line: 1 },
    { name: 'xml bound elsewhere', text: '<a xmlns:xml="urn:x"/>', line: 1 },
    { name: 'a name with two colons', text: '<a:b:c xmlns:a="urn:x"/>', line: 1 },
    { name: 'a prefix out of scope', text: '<a><b xmlns:p="urn:x"/><p:c/></a>', line: 1 },
    { name: '-- inside a comment', text: '<a><!-- a -- b --></a>', line: 1 },
    { name: 'an unclosed comment', text: '<a><!-- a </a>', line: 1 },
    { name: 'an unclosed CDATA section', text: '<a><![CDATA[ x </a>', line: 1 },
    { name: 'an XML declaration after the start', text: '<a/>\n<?xml version="1.0"?>', line: 2 },
    { name: 'a malformed XML declaration', text: '<?xml version="2"?><a/>', line: 1 },
    { name: 'a DOCTYPE', text: '<!DOCTYPE a><a/>', line: 1 },
    { name: 'text before the root', text: 'x<a/>', line: 1 },
    { name: 'text after the root', text: '<a/>\nx', line: 2 },
    { name: 'a start tag without its end', text: '<a><b></a>', line: 1 },
    { name: 'an end tag without its start', text: '<a></b></a>', line: 1 },
    { name: 'a malformed start tag', text: '<a b="1"c="2"/>', line: 1 },
    { name: 'only a comment', text: '<!-- x -->', line: 1 },
  ])('rejects $name, with its line', ({ text, line }) => {
    const result = checkXmlWellFormedness(text);
    expect(result).toMatchObject({ ok: false, problem: { line, reason: expect.stringMatching(/\S/) } });
    if (!result.ok) expect(result.problem.column).toBeGreaterThan(0);
  });

  it('accepts nesting far deeper than the call stack allows', () => {
    const depth = 200_000;
    expect(checkXmlWellFormedness(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`).ok).toBe(true);
  });
});

describe('checkXmlWellFormedness agrees with saxes', () => {
  it('on every rendered sample feed', () => {
    for (const text of RENDERED) expect(checkXmlWellFormedness(text).ok).toBe(true);
  });

  it('on 4,000 random mutations of rendered feeds', () => {
    const random = randomSource(11);
    const disagreements: string[] = [];
    for (let round = 0; round < 4_000; round += 1) {
      let text = RENDERED[round % RENDERED.length] ?? '';
      for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits -= 1) text = mutate(text, random);
      if (checkXmlWellFormedness(text).ok !== saxesAccepts(text)) disagreements.push(text);
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
  });
});
