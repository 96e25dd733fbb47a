import { describe, expect, it } from 'vitest';
import { renderFeedStylesheet } from '../../../shared/site/feed-stylesheet.ts';
import { parseStrictXml, type ParsedElement } from '../feed/strict-xml-tree.ts';

const XSL = 'http://www.w3.org/1999/XSL/Transform';

function descendants(element: ParsedElement): ParsedElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

/** The browser test applies the stylesheet for real; this checks what can be checked without one. */
describe('feed stylesheet', () => {
  const FEED_STYLESHEET = renderFeedStylesheet('en');
  const root = parseStrictXml(FEED_STYLESHEET);
  const all = descendants(root);

  it('is a well-formed XSLT 1.0 stylesheet writing HTML', () => {
    expect(root).toMatchObject({ uri: XSL, local: 'stylesheet' });
    expect(root.attributes.version).toBe('1.0');
    expect(all.find((element) => element.uri === XSL && element.local === 'output')?.attributes).toMatchObject({ method: 'html' });
  });

  it('handles both RSS 2.0 and Atom 1.0 documents', () => {
    const matches = all.filter((element) => element.uri === XSL && element.local === 'template').map((template) => template.attributes.match);
    expect(matches).toEqual(expect.arrayContaining(['/', 'rss/channel', 'atom:feed', 'item', 'atom:entry']));
    expect(root.attributes['xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
  });

  it('explains what a feed is and shows the feed address', () => {
    expect(FEED_STYLESHEET).toContain('This is a web feed');
    expect(FEED_STYLESHEET).toContain('copy the address into your feed reader');
    expect(all.find((element) => element.attributes.id === 'feed-url')).toBeDefined();
  });

  it('links the subscribe page beside the subscription document, found from self or current', () => {
    const link = all.find((element) => element.attributes.id === 'subscribe-page');
    expect(link?.attributes.href).toBe("{concat(substring($currentUrl, 1, $folderLength), 'subscribe.html')}");
    expect(FEED_STYLESHEET).toContain("$links[@rel = 'current']/@href");
  });

  it('links the RFC 5005 archive pages when the document has them', () => {
    for (const rel of ['prev-archive', 'next-archive', 'current']) expect(FEED_STYLESHEET).toContain(`@rel = '${rel}'`);
  });

  it('never writes feed text unescaped', () => {
    expect(FEED_STYLESHEET).not.toContain('disable-output-escaping');
  });

  it('writes an English page left to right', () => {
    expect(all.find((element) => element.local === 'html')?.attributes).toEqual({ lang: 'en', dir: 'ltr' });
  });
});

describe('feed stylesheet of a publication in another language', () => {
  function htmlOf(xsl: string): ParsedElement | undefined {
    return descendants(parseStrictXml(xsl)).find((element) => element.local === 'html');
  }

  it.each([
    ['fa', 'rtl', 'این یک خوراک وب است', 'بایگانی خوراک'],
    ['fa-IR', 'rtl', 'این یک خوراک وب است', 'بایگانی خوراک'],
    ['ru', 'ltr', 'Это веб-лента', 'Архив ленты'],
  ])('%s: a well-formed page written %s, in its language', (language, direction, banner, archive) => {
    const xsl = renderFeedStylesheet(language);
    expect(htmlOf(xsl)?.attributes).toEqual({ lang: language.slice(0, 2), dir: direction });
    expect(xsl).toContain(banner);
    expect(xsl).toContain(`aria-label="${archive}"`);
    expect(xsl).not.toContain('This is a web feed');
  });

  it('builds its translated sentences around the feed\'s own title and format', () => {
    const xsl = renderFeedStylesheet('fa');
    expect(xsl).toContain('<title><xsl:value-of select="$title"/> (خوراک <xsl:value-of select="$format"/>)</title>');
    expect(xsl).toContain('(<xsl:value-of select="$format"/>)، ساخته شده');
    expect(xsl).not.toMatch(/[\uE000\uE001]/u);
  });

  it('marks the feed\'s texts with their own language when the page speaks another one', () => {
    const xsl = renderFeedStylesheet('fa');
    expect(xsl).toContain("$primaryLanguage != 'fa'");
    expect(xsl).toContain('<h1 dir="auto">');
    expect(xsl).toContain('<article dir="auto">');
  });

  it('falls back to English for a language without texts, with the English direction', () => {
    expect(renderFeedStylesheet('kk')).toBe(renderFeedStylesheet('en'));
  });
});
