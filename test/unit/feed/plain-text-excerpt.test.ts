import { describe, expect, it } from 'vitest';
import { plainTextExcerpt } from '../../../shared/feed/plain-text-excerpt.ts';

describe('plainTextExcerpt', () => {
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
});
