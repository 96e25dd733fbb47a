import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { plainTextExcerpt } from '../../../shared/feed/plain-text-excerpt.ts';

describe('plainTextExcerpt', () => {
  it('runs inline markup on with its text, so punctuation after it keeps its place', () => {
    const html = '<p>They held <strong>blank placards</strong>; police took <em>them</em>, then <a href="/x">left</a>.</p><p>Next day</p>';
    expect(plainTextExcerpt(html)).toBe('They held blank placards; police took them, then left. Next day');
  });

  it('still separates words at block and line-break tags', () => {
    expect(plainTextExcerpt('<li>one</li><li>two</li>line<br>break<td>cell</td>')).toBe('one two line break cell');
  });

  it.each([
    { name: 'drops tags', html: '<p>One <b>two</b></p><p>three</p>', excerpt: 'One two three' },
    { name: 'drops scripts, styles and comments', html: '<style>p{}</style><p>Kept</p><script>x()</script><!-- note -->', excerpt: 'Kept' },
    { name: 'decodes common entities once', html: 'A &amp; B &lt;tag&gt; &quot;q&quot; &#39;s&#x27; &amp;lt;', excerpt: `A & B <tag> "q" 's' &lt;` },
    { name: 'keeps unknown entities as written', html: 'a &hellip; b', excerpt: 'a &hellip; b' },
    { name: 'collapses whitespace', html: '  a \n\t b  ', excerpt: 'a b' },
    { name: 'is empty for an empty body', html: '', excerpt: '' },
    { name: 'keeps scripts of every language', html: '<p>Қазақстан 中文 العربية 😀</p>', excerpt: 'Қазақстан 中文 العربية 😀' },
  ])('$name', ({ html, excerpt }) => {
    expect(plainTextExcerpt(html)).toBe(excerpt);
  });

  it.each([
    { name: 'cuts at a word boundary with an ellipsis', html: 'alpha beta gamma delta', max: 15, excerpt: 'alpha beta…' },
    { name: 'cuts a long word where it must', html: 'abcdefghijklmnop', max: 6, excerpt: 'abcde…' },
    { name: 'never splits an emoji', html: '😀😀😀😀', max: 3, excerpt: '😀😀…' },
    { name: 'leaves text that fits alone', html: 'short', max: 5, excerpt: 'short' },
  ])('$name', ({ html, max, excerpt }) => {
    expect(plainTextExcerpt(html, max)).toBe(excerpt);
  });

  it.each([
    { name: 'keeps a < that no > follows as text', html: 'a <i>b</i> < c', excerpt: 'a b < c' },
    { name: 'drops the start tag of a script never closed, keeping its text', html: '<script>x()<p>y</p>', excerpt: 'x() y' },
    { name: 'keeps the text after a comment never closed', html: '<!-- a <b>b</b>', excerpt: 'b' },
    { name: 'ends a script at its first end tag, whatever the case', html: '<SCRIPT a=1>x</Script >y</script>z', excerpt: 'y z' },
    { name: 'does not take a longer name for a script', html: '<scripts>k</scripts>', excerpt: 'k' },
  ])('$name', ({ html, excerpt }) => {
    expect(plainTextExcerpt(html)).toBe(excerpt);
  });

  // Each was quadratic with backtracking regexes: 350 KB of `<` took 43 s.
  it.each([
    { name: 'unclosed <', html: '<'.repeat(5_000_000), excerpt: `${'<'.repeat(279)}…` },
    { name: 'unclosed <script>', html: '<script>'.repeat(625_000), excerpt: '' },
    { name: 'unclosed comments', html: '<!--'.repeat(1_250_000), excerpt: `${'<!--'.repeat(69)}<!-…` },
    { name: 'start tags with no >', html: '<style a'.repeat(625_000), excerpt: `${'<style a'.repeat(34)}<style…` },
  ])('reads 5 MB of $name within a bound', ({ html, excerpt }) => {
    const started = performance.now();
    expect(plainTextExcerpt(html)).toBe(excerpt);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
