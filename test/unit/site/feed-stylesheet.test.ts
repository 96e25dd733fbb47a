import { describe, expect, it } from 'vitest';
import { FEED_STYLESHEET } from '../../../shared/site/feed-stylesheet.ts';
import { parseStrictXml, type ParsedElement } from '../feed/strict-xml-tree.ts';

const XSL = 'http://www.w3.org/1999/XSL/Transform';

function descendants(element: ParsedElement): ParsedElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

/** The browser test applies the stylesheet for real; this checks what can be checked without one. */
describe('feed stylesheet', () => {
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
});
