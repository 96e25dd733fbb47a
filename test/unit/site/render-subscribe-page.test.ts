import { describe, expect, it } from 'vitest';
import { renderSubscribePage } from '../../../shared/site/render-subscribe-page.ts';
import { textDirectionOf } from '../../../shared/site/text-direction.ts';
import { htmlProblemsOf } from '../../support/html-validation.ts';
import { catalogEntry, TEST_SITE } from './catalog-fixtures.ts';

const kazakhstan = catalogEntry('topics/kazakhstan', {
  title: 'Steppe Rights Monitor: Kazakhstan',
  description: 'Independent reporting on rights and freedoms',
  items: [
    { title: 'Almaty court hears appeal', url: 'https://example.org/almaty', publishedAt: '2026-11-21T08:00:00.000Z' },
    { title: 'Oil workers walk out', url: 'https://example.org/oil', publishedAt: '2026-11-20T08:00:00.000Z' },
  ],
});
const RSS_URL = 'https://feeds.example.org/feeds/topics/kazakhstan/rss.xml';

describe('renderSubscribePage', () => {
  const html = renderSubscribePage(TEST_SITE, kazakhstan);

  it('names the feed for what it holds, with its description and the site it belongs to', () => {
    expect(html).toContain('<title>Subscribe to Topic: Kazakhstan · Steppe Rights Monitor</title>');
    expect(html).toContain('<h1>Topic: Kazakhstan</h1>');
    expect(html).toContain('<p>Independent reporting on rights and freedoms</p>');
    expect(html).toContain('<p><a href="https://example.org/">Steppe Rights Monitor</a></p>');
  });

  it('says what a feed is and offers the RSS address to copy, selectable without script', () => {
    expect(html).toContain('A feed is an address your feed reader app follows');
    expect(html).toContain(`<input id="feed-url" type="url" dir="ltr" readonly value="${RSS_URL}" aria-describedby="paste-hint">`);
    // The button is shown by the script only: without it, there is no button that does nothing.
    expect(html).toMatch(/<button type="button" hidden data-copy="feed-url" data-status="copy-status"[^>]*>Copy<\/button>/);
    expect(html).toContain('<p id="copy-status" role="status"></p>');
    expect(html).toMatch(/<script src="https:\/\/feeds\.example\.org\/assets\/subscribe\.js" integrity="sha384-[A-Za-z0-9+/]{64}" defer><\/script>/);
  });

  it('links one-click subscriptions in web readers with the feed URL encoded, and the other formats', () => {
    const encoded = encodeURIComponent(RSS_URL);
    for (const href of [
      `https://feedly.com/i/subscription/feed%2F${encoded}`,
      `https://www.inoreader.com/?add_feed=${encoded}`,
      `https://www.newsblur.com/?url=${encoded}`,
      `https://theoldreader.com/feeds/subscribe?url=${encoded}`,
    ]) {
      expect(html).toContain(`<a href="${href}" rel="external noreferrer">`);
    }
    expect(html).toContain('<a href="https://feeds.example.org/feeds/topics/kazakhstan/atom.xml" type="application/atom+xml">Atom</a>');
    expect(html).toContain('<a href="https://feeds.example.org/feeds/topics/kazakhstan/feed.json" type="application/feed+json">JSON Feed</a>');
  });

  it('shows the newest items and links back to all feeds and the website', () => {
    expect(html.indexOf('Almaty court hears appeal')).toBeLessThan(html.indexOf('Oil workers walk out'));
    expect(html).toContain('<a href="https://example.org/almaty" dir="auto">Almaty court hears appeal</a> <time datetime="2026-11-21T08:00:00.000Z">2026-11-21</time>');
    expect(html).toContain('<a href="https://feeds.example.org/">All feeds of Steppe Rights Monitor</a>');
    expect(html).toContain('<a href="https://example.org/topics/kazakhstan/">Visit the website</a>');
  });

  it('loads nothing from elsewhere and sends no referrer', () => {
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).not.toMatch(/<img|<iframe|rel="stylesheet"|@import|url\(/);
    expect([...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1])).toEqual(['https://feeds.example.org/assets/subscribe.js']);
  });

  it('escapes every text and attribute that comes from a feed', () => {
    const hostile = renderSubscribePage(TEST_SITE, {
      ...kazakhstan,
      title: 'Steppe Rights Monitor: <script>alert(1)</script>',
      description: 'Tom & "Jerry"',
      items: [{ title: "<img src=x onerror='y'>", url: 'https://example.org/"><script>', publishedAt: '2026-11-20T09:00:00.000Z' }],
    });
    expect(hostile.match(/<script/g)).toHaveLength(1);
    expect(hostile).not.toMatch(/<img|onerror='/);
    expect(hostile).toContain('<h1>Topic: &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(hostile).toContain('Tom &amp; &quot;Jerry&quot;');
  });

  it('passes the HTML validator, with items and without', async () => {
    expect(await htmlProblemsOf(html)).toEqual([]);
    expect(await htmlProblemsOf(renderSubscribePage(TEST_SITE, { ...kazakhstan, items: [] }))).toEqual([]);
  });

  it('is written in the site language and direction: Persian, right to left', async () => {
    const persian = renderSubscribePage({ ...TEST_SITE, language: 'fa' }, { ...kazakhstan, language: 'fa' });
    expect(persian).toContain('<html lang="fa" dir="rtl">');
    expect(persian).toContain('<h1>موضوع: Kazakhstan</h1>');
    expect(persian).toContain('<label for="feed-url">نشانی خوراک (RSS)</label>');
    // URLs read left to right inside the right-to-left page.
    expect(persian).toContain('<input id="feed-url" type="url" dir="ltr"');
    expect(await htmlProblemsOf(persian)).toEqual([]);
  });

  it('is written in Russian for a Russian site, left to right', async () => {
    const russian = renderSubscribePage({ ...TEST_SITE, language: 'ru' }, { ...kazakhstan, language: 'ru' });
    expect(russian).toContain('<html lang="ru" dir="ltr">');
    expect(russian).toContain('<h1>Тема: Kazakhstan</h1>');
    expect(russian).toContain('<label for="feed-url">Адрес ленты (RSS)</label>');
    expect(await htmlProblemsOf(russian)).toEqual([]);
  });

  it('keeps the site language on the feed texts when the page texts are not translated yet', () => {
    const uyghur = renderSubscribePage({ ...TEST_SITE, language: 'ug' }, { ...kazakhstan, language: 'ug' });
    expect(uyghur).toContain('<html lang="en" dir="ltr">');
    expect(uyghur).toContain('<h1 lang="ug" dir="rtl">Topic: Kazakhstan</h1>');
    expect(uyghur).toContain('<ol class="items" lang="ug" dir="rtl">');
  });

  it('is deterministic: the same entry gives the same bytes', () => {
    expect(renderSubscribePage(TEST_SITE, structuredClone(kazakhstan))).toBe(html);
  });
});

describe('textDirectionOf', () => {
  it.each([
    ['fa', 'rtl'],
    ['fa-IR', 'rtl'],
    ['ug', 'rtl'],
    ['ar', 'rtl'],
    ['ug-Cyrl', 'ltr'],
    ['kk', 'ltr'],
    ['kk-Arab', 'rtl'],
    ['en', 'ltr'],
  ])('%s is %s', (language, direction) => {
    expect(textDirectionOf(language)).toBe(direction);
  });
});
