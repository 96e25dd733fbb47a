import { describe, expect, it } from 'vitest';
import { resolveRelativeLinks } from '../../../shared/post/absolute-links.ts';

const POST_URL = 'https://news.example.org/2026/11/water-rights';

describe('resolveRelativeLinks', () => {
  it('resolves root-relative, path-relative, protocol-relative and fragment links against the post URL', () => {
    const html = '<p><a href="/about">a</a> <a href=notes.html>b</a> <a href=\'//cdn.example.net/x\'>c</a> <a href="#fn1">d</a></p>';
    expect(resolveRelativeLinks(html, POST_URL)).toBe(
      '<p><a href="https://news.example.org/about">a</a> <a href="https://news.example.org/2026/11/notes.html">b</a> ' +
        '<a href="https://cdn.example.net/x">c</a> <a href="https://news.example.org/2026/11/water-rights#fn1">d</a></p>',
    );
  });

  it('resolves img src, srcset candidates, video poster and blockquote cite', () => {
    const html =
      '<img src="/img/a.jpg" srcset="https://img.example.org/a.jpg 1x, /img/a@2x.jpg 2x" alt="A">' +
      '<video poster="p.jpg" src="/v.mp4"></video><blockquote cite="/source">q</blockquote>';
    expect(resolveRelativeLinks(html, POST_URL)).toBe(
      '<img src="https://news.example.org/img/a.jpg" srcset="https://img.example.org/a.jpg 1x, https://news.example.org/img/a@2x.jpg 2x" alt="A">' +
        '<video poster="https://news.example.org/2026/11/p.jpg" src="https://news.example.org/v.mp4"></video>' +
        '<blockquote cite="https://news.example.org/source">q</blockquote>',
    );
  });

  it('keeps absolute and non-http links and every other byte exactly as written', () => {
    const html = '<p class=lead>Tom &amp; Jerry <a href="https://x.example/?a=1&amp;b=2">x</a> <a href="mailto:desk@example.org">m</a><br></p>';
    expect(resolveRelativeLinks(html, POST_URL)).toBe(html);
  });

  it('escapes the rewritten value and decodes entities before resolving', () => {
    expect(resolveRelativeLinks('<a href="/search?q=a&amp;page=2">s</a>', POST_URL)).toBe(
      '<a href="https://news.example.org/search?q=a&amp;page=2">s</a>',
    );
  });

  it('leaves text that merely mentions href= alone', () => {
    const html = '<p>Write href="/x" in the template</p>';
    expect(resolveRelativeLinks(html, POST_URL)).toBe(html);
  });
});
