import { describe, expect, it } from 'vitest';
import { renderIndexPage } from '../../../shared/site/render-index-page.ts';
import { htmlProblemsOf } from '../../support/html-validation.ts';
import { catalogEntry, TEST_SITE } from './catalog-fixtures.ts';

const entries = [
  catalogEntry('topics/russia'),
  catalogEntry('sources/steppe-wire', { title: 'Steppe Wire' }),
  catalogEntry('all', {
    items: [
      { title: 'First', url: 'https://example.org/1', publishedAt: '2026-11-21T08:00:00.000Z' },
      { title: 'Second', url: 'https://example.org/2', publishedAt: '2026-11-20T08:00:00.000Z' },
    ],
  }),
  catalogEntry('topics/kazakhstan'),
];

function headOf(html: string): string {
  return html.slice(0, html.indexOf('</head>'));
}

function alternateLinks(html: string): { type: string; href: string }[] {
  return [...headOf(html).matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">/g)].map((match) => ({
    type: match[1] ?? '',
    href: match[2] ?? '',
  }));
}

/** One feed's card, from its opening tag to the end of its list of latest items or its "no items". */
function cardOf(html: string, feedId: string): string {
  const start = html.indexOf(`data-feed-id="${feedId}"`);
  return html.slice(start, html.indexOf('\n</li>', start));
}

describe('renderIndexPage', () => {
  const html = renderIndexPage(TEST_SITE, entries);

  it('advertises every format of every feed, the site-wide feed first, then topics, then sources', () => {
    const links = alternateLinks(html);
    expect(links).toHaveLength(12);
    expect(links.slice(0, 3)).toEqual([
      { type: 'application/rss+xml', href: 'https://feeds.example.org/feeds/all/rss.xml' },
      { type: 'application/atom+xml', href: 'https://feeds.example.org/feeds/all/atom.xml' },
      { type: 'application/feed+json', href: 'https://feeds.example.org/feeds/all/feed.json' },
    ]);
    expect(links.map((link) => link.href.split('/feeds/')[1]?.replace(/\/[^/]+$/, ''))).toEqual([
      ...Array(3).fill('all'),
      ...Array(3).fill('topics/kazakhstan'),
      ...Array(3).fill('topics/russia'),
      ...Array(3).fill('sources/steppe-wire'),
    ]);
    expect(headOf(html)).toContain('title="Steppe Wire (Atom)"');
  });

  it('links the OPML with an absolute URL, in the head and the body', () => {
    expect(headOf(html)).toContain('<link rel="outline" type="text/x-opml" title="Steppe Rights Monitor: all feeds (OPML)" href="https://feeds.example.org/feeds.opml">');
    expect(html).toContain('<a href="https://feeds.example.org/feeds.opml" type="text/x-opml">');
  });

  it('shows each feed with its subscribe page, HTML page and latest items', () => {
    const card = cardOf(html, 'all');
    expect(card).toContain('<li><a href="https://feeds.example.org/feeds/all/subscribe.html" aria-label="Subscribe to All posts">Subscribe</a></li>');
    expect(card).toContain('<li><a href="https://example.org/" aria-label="All posts: on the website">On the website</a></li>');
    expect(card).toContain('<li><a href="https://example.org/1" dir="auto">First</a> <time datetime="2026-11-21T08:00:00.000Z">2026-11-21</time></li>');
    expect(card.indexOf('First')).toBeLessThan(card.indexOf('Second'));
    expect(cardOf(html, 'topics/russia')).toContain('href="https://example.org/topics/russia/"');
  });

  it('links no feed file from a card: a person who clicks lands on a page, not on XML', () => {
    for (const feedId of ['all', 'topics/kazakhstan', 'topics/russia', 'sources/steppe-wire']) {
      expect(cardOf(html, feedId)).not.toMatch(/href="[^"]*\/(rss\.xml|atom\.xml|feed\.json)"/);
    }
  });

  it('says what each feed is, without the site name or the site description on every card', () => {
    const site = { ...TEST_SITE, description: 'Reporting on rights' };
    const page = renderIndexPage(site, [
      catalogEntry('all', { title: 'Steppe Rights Monitor', description: 'Reporting on rights' }),
      catalogEntry('topics/kazakhstan', { title: 'Steppe Rights Monitor: Kazakhstan', description: 'Reporting on rights' }),
      catalogEntry('sources/steppe-wire', { title: 'Steppe Rights Monitor: Steppe Wire', description: 'Reporting on rights' }),
    ]);
    const names = [...page.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1]);
    expect(names).toEqual(['All posts', 'Topic: Kazakhstan', 'Partner: Steppe Wire']);
    expect(page.split('Reporting on rights').length - 1).toBe(2);
  });

  it('groups feeds under headings in a fixed order', () => {
    const headings = [...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Site-wide', 'Topics', 'Partner sources']);
  });

  it('escapes every text and attribute that comes from a feed', () => {
    const hostile = renderIndexPage({ ...TEST_SITE, title: 'A & <B>' }, [
      catalogEntry('topics/x', {
        title: '<script>alert("t")</script>',
        description: 'Tom & "Jerry"',
        homePageUrl: 'https://example.org/?a=1&b="2"',
        items: [{ title: "<img src=x onerror='y'>", url: 'https://example.org/"><script>', publishedAt: '2026-11-20T09:00:00.000Z' }],
      }),
    ]);
    expect(hostile).not.toMatch(/<script|<img|onerror='/);
    expect(hostile).toContain('<title>A &amp; &lt;B&gt;: feeds</title>');
    expect(hostile).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(hostile).toContain('<h3>Topic: &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</h3>');
    expect(hostile).toContain('href="https://example.org/?a=1&amp;b=&quot;2&quot;"');
    expect(hostile).toContain('href="https://example.org/&quot;&gt;&lt;script&gt;"');
  });

  it('is deterministic: the same catalog in any order gives the same bytes', () => {
    expect(renderIndexPage(TEST_SITE, [...entries].reverse())).toBe(html);
  });

  it('needs nothing outside itself: no script, no external stylesheet or image', () => {
    expect(html).not.toMatch(/<script|<img|rel="stylesheet"|@import|url\(/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<html lang="en" dir="ltr">');
  });

  it('lists subscription feeds only, never archive pages', () => {
    const withArchive = renderIndexPage(TEST_SITE, [...entries, catalogEntry('all/archive/3')]);
    expect(withArchive).toBe(html);
  });

  it('says so when nothing is published', () => {
    const empty = renderIndexPage(TEST_SITE, []);
    expect(empty).toContain('<p>No feeds published yet.</p>');
    expect(empty).not.toContain('<link rel="alternate"');
  });

  it('says so for a feed without items', () => {
    expect(renderIndexPage(TEST_SITE, [catalogEntry('topics/empty', { items: [] })])).toContain('<p>No items yet.</p>');
  });

  it('passes the HTML validator', async () => {
    expect(await htmlProblemsOf(html)).toEqual([]);
  });
});

describe('renderIndexPage in the publication\'s language', () => {
  const persianSite = { ...TEST_SITE, title: 'دیده‌بان حقوق', description: 'گزارش‌های مستقل', language: 'fa' };
  const persianEntries = [catalogEntry('all', { language: 'fa' }), catalogEntry('topics/kazakhstan', { title: 'دیده‌بان حقوق: قزاقستان', language: 'fa' })];

  it('writes a Persian page right to left, with Persian texts', async () => {
    const persian = renderIndexPage(persianSite, persianEntries);
    expect(persian).toContain('<html lang="fa" dir="rtl">');
    expect(persian).toContain('<title>دیده‌بان حقوق: خوراک‌ها</title>');
    expect(persian).toContain('<h1>دیده‌بان حقوق</h1>');
    expect([...persian.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1])).toEqual(['همهٔ نوشته‌ها', 'موضوع: قزاقستان']);
    expect([...persian.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1])).toEqual(['همهٔ سایت', 'موضوع‌ها']);
    expect(persian).toContain('>اشتراک</a>');
    expect(persian).not.toMatch(/Subscribe|Topic:|On the website/);
    expect(await htmlProblemsOf(persian)).toEqual([]);
  });

  it('writes a Russian page left to right, with Russian texts', () => {
    const russian = renderIndexPage({ ...TEST_SITE, language: 'ru' }, [catalogEntry('all', { language: 'ru' })]);
    expect(russian).toContain('<html lang="ru" dir="ltr">');
    expect(russian).toContain('<h3>Все материалы</h3>');
    expect(russian).toContain('<h2 id="feeds-site">Весь сайт</h2>');
    expect(russian).toContain('>Подписаться</a>');
  });

  it('mirrors its layout by using logical CSS properties only', () => {
    const style = renderIndexPage(persianSite, persianEntries).match(/<style>([\s\S]*)<\/style>/)?.[1] ?? '';
    expect(style).not.toMatch(/(?:margin|padding|border)-(?:left|right)|text-align:\s*(?:left|right)|float:/);
    expect(style).toContain('padding-inline-start');
  });

  it('keeps the site\'s own language on its title when the page texts are not translated yet', () => {
    const kazakh = renderIndexPage({ ...TEST_SITE, title: 'Құқық', language: 'kk' }, []);
    expect(kazakh).toContain('<html lang="en" dir="ltr">');
    expect(kazakh).toContain('<h1 lang="kk" dir="ltr">Құқық</h1>');
  });
});
