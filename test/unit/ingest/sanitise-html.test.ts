import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseHtml } from '../../../shared/ingest/sanitise/sanitise-html.ts';

const BASE = 'https://partner.example/news/2026/story';

describe('HTML sanitising with an allowlist', () => {
  it.each([
    ['script elements and their text', '<p>a<script>steal()</script>b</p>', '<p>ab</p>'],
    ['style elements and attributes', '<p style="position:fixed">a<style>p{}</style></p>', '<p>a</p>'],
    ['event handlers', '<p onclick="x()" onmouseover="y()">a</p>', '<p>a</p>'],
    ['javascript: links', '<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['data: images', '<img src="data:image/png;base64,AAAA">', ''],
    ['forms and inputs', '<form action="/login"><input name="p"><button>Go</button></form>', 'Go'],
    ['tracking pixels', '<img src="https://t.example/p.gif" width="1" height="1">', ''],
    ['iframes from other hosts', '<iframe src="https://ads.example/x"></iframe>', ''],
    ['objects and svg', '<object data="x.swf"></object><svg><script>x()</script></svg>', ''],
  ])('removes %s', (_name, html, expected) => {
    expect(sanitiseHtml(html, BASE)).toBe(expected);
  });

  it('keeps ordinary markup, resolves relative URLs and allowlisted embeds', () => {
    const html = '<p>See <a href="../gallery/1" title="Gallery">the gallery</a> <img src="img/a.jpg" alt="A"></p><iframe src="https://www.youtube.com/embed/abc"></iframe>';
    expect(sanitiseHtml(html, BASE)).toBe(
      '<p>See <a title="Gallery" href="https://partner.example/news/gallery/1" rel="noopener noreferrer">the gallery</a> <img alt="A" src="https://partner.example/news/2026/img/a.jpg" /></p><iframe src="https://www.youtube.com/embed/abc"></iframe>',
    );
  });

  it('turns HTML into plain text for titles and summaries', () => {
    expect(htmlToText('<img src=x onerror=alert(1)>Tom &amp; <b>Jerry</b> &lt;3<script>x()</script>')).toBe('Tom & Jerry <3');
  });
});
