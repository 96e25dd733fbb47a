import { describe, expect, it } from 'vitest';
import { renderNetworkPage } from '../../../shared/site/render-network-page.ts';
import { htmlProblemsOf } from '../../support/html-validation.ts';
import { TEST_NETWORK, TEST_PUBLICATIONS } from './catalog-fixtures.ts';

/** One publication's block, from its opening tag to its end. */
function blockOf(html: string, publicationId: string): string {
  const start = html.lastIndexOf('<li', html.indexOf(`data-publication-id="${publicationId}"`));
  return html.slice(start, html.indexOf('\n</li>', start));
}

describe('renderNetworkPage', () => {
  const html = renderNetworkPage(TEST_NETWORK, TEST_PUBLICATIONS);

  it('lists every publication, the default one first, then by id', () => {
    expect([...html.matchAll(/data-publication-id="([^"]+)"/g)].map((match) => match[1])).toEqual(['default', 'fa', 'ru']);
  });

  it('writes each publication\'s block in its own language and direction', () => {
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(blockOf(html, 'fa')).toMatch(/^<li class="publication" data-publication-id="fa" lang="fa" dir="rtl">/);
    expect(blockOf(html, 'ru')).toMatch(/^<li class="publication" data-publication-id="ru" lang="ru" dir="ltr">/);
    expect(blockOf(html, 'fa')).toContain('زبان: <span lang="fa">فارسی</span>');
    expect(blockOf(html, 'ru')).toContain('Язык: <span lang="ru">русский</span>');
    expect(blockOf(html, 'fa')).toContain('<h4>خوراک‌ها</h4>');
    expect(blockOf(html, 'fa')).toContain('موضوع: قزاقستان');
  });

  it('links each publication\'s index page and OPML under its own base URL', () => {
    const persian = blockOf(html, 'fa');
    expect(persian).toContain('<h3 id="publication-fa"><a href="https://feeds.example.org/pubs/fa/index.html">دیده‌بان حقوق</a></h3>');
    expect(persian).toContain('href="https://feeds.example.org/pubs/fa/feeds.opml" type="text/x-opml"');
    expect(blockOf(html, 'default')).toContain('<a href="https://feeds.example.org/index.html">Steppe Rights Monitor</a>');
  });

  it('links every feed of a publication in all three formats, and nothing of another\'s', () => {
    const persian = blockOf(html, 'fa');
    for (const feedId of ['all', 'topics/kazakhstan']) {
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) expect(persian).toContain(`href="https://feeds.example.org/pubs/fa/feeds/${feedId}/${file}"`);
    }
    expect(persian).not.toContain('/pubs/ru/');
    expect(persian).not.toMatch(/href="https:\/\/feeds\.example\.org\/feeds\//);
    expect(blockOf(html, 'ru')).toContain('aria-label="Партнёр: Волжская сводка, JSON Feed"');
  });

  it('advertises each publication\'s site-wide feed in every format, and the network OPML', () => {
    const head = html.slice(0, html.indexOf('</head>'));
    const alternates = [...head.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g)].map((match) => [match[2], match[3]]);
    expect(alternates).toEqual([
      ['Steppe Rights Monitor (RSS)', 'https://feeds.example.org/feeds/all/rss.xml'],
      ['Steppe Rights Monitor (Atom)', 'https://feeds.example.org/feeds/all/atom.xml'],
      ['Steppe Rights Monitor (JSON Feed)', 'https://feeds.example.org/feeds/all/feed.json'],
      ['دیده‌بان حقوق (RSS)', 'https://feeds.example.org/pubs/fa/feeds/all/rss.xml'],
      ['دیده‌بان حقوق (Atom)', 'https://feeds.example.org/pubs/fa/feeds/all/atom.xml'],
      ['دیده‌بان حقوق (JSON Feed)', 'https://feeds.example.org/pubs/fa/feeds/all/feed.json'],
      ['Степной монитор (RSS)', 'https://feeds.example.org/pubs/ru/feeds/all/rss.xml'],
      ['Степной монитор (Atom)', 'https://feeds.example.org/pubs/ru/feeds/all/atom.xml'],
      ['Степной монитор (JSON Feed)', 'https://feeds.example.org/pubs/ru/feeds/all/feed.json'],
    ]);
    expect(head).toContain('<link rel="outline" type="text/x-opml" title="Steppe Rights Network: feeds of every publication" href="https://feeds.example.org/network/feeds.opml">');
  });

  it('keeps a publication\'s own language on its title when its block\'s texts are not translated yet', () => {
    const kazakh = { id: 'kk', site: { ...TEST_PUBLICATIONS[1]!.site, title: 'Құқық', language: 'kk', feedBaseUrl: 'https://feeds.example.org/pubs/kk/' }, entries: [] };
    const page = renderNetworkPage(TEST_NETWORK, [kazakh]);
    expect(blockOf(page, 'kk')).toMatch(/^<li class="publication" data-publication-id="kk" lang="en" dir="ltr">/);
    expect(page).toContain('<h3 id="publication-kk" lang="kk" dir="ltr">');
    expect(page).toContain('<p>No feeds published yet.</p>');
  });

  it('escapes every text from settings and feeds', () => {
    const hostile = renderNetworkPage({ ...TEST_NETWORK, title: 'A & <B>' }, [
      { ...TEST_PUBLICATIONS[1]!, site: { ...TEST_PUBLICATIONS[1]!.site, title: '<script>x</script>', description: '"quoted" & <i>' } },
    ]);
    expect(hostile).not.toMatch(/<script|<i>/);
    expect(hostile).toContain('<title>A &amp; &lt;B&gt;</title>');
    expect(hostile).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('is deterministic: the same publications in any order give the same bytes', () => {
    expect(renderNetworkPage(TEST_NETWORK, [...TEST_PUBLICATIONS].reverse())).toBe(html);
  });

  it('passes the HTML validator, with publications and without', async () => {
    expect(await htmlProblemsOf(html)).toEqual([]);
    expect(await htmlProblemsOf(renderNetworkPage(TEST_NETWORK, []))).toEqual([]);
  });

  it('needs nothing outside itself and mirrors by logical CSS properties only', () => {
    expect(html).not.toMatch(/<script|<img|rel="stylesheet"|@import|url\(/);
    const style = html.match(/<style>([\s\S]*)<\/style>/)?.[1] ?? '';
    expect(style).not.toMatch(/(?:margin|padding|border)-(?:left|right)|text-align:\s*(?:left|right)|float:/);
  });
});
