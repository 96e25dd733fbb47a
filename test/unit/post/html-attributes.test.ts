import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { decodeAttributeValue, htmlAttributes, type HtmlAttribute } from '../../../shared/post/html-attributes.ts';

/** What htmlparser2, the full HTML parser the resolver used before, reports for the same input. */
function attributesByHtmlparser2(html: string): HtmlAttribute[] {
  const found: HtmlAttribute[] = [];
  const parser: Parser = new Parser(
    { onattribute: (name, value) => found.push({ name, value, start: parser.startIndex, end: parser.endIndex }) },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return found;
}

const BODIES: Record<string, string> = {
  'quoted, unquoted and bare attributes': '<p class=lead id="x" hidden data-a=\'1\'>t</p><img src=/a.jpg alt="A">',
  'upper-case names and spaces around =': '<A HREF = "/about" Title= \'T\'>a</A><img SRC =x.png>',
  'self-closing and slashes between attributes': '<img src="/a.jpg"/><br/><input/value="v"/ name=n>',
  'entities in values': '<a href="/s?q=a&amp;page=2&lt;&#x41;&#66;&nbsp;&eacute;">s</a><a href="?a=1&copy=2&reg">x</a>',
  'a value running to the end of the text': '<a href="/never-closed>text',
  'a tag running to the end of the text': '<img src=/a.jpg alt=x',
  'a bare name or an = running to the end of the text': '<a title="t" href',
  'a name and = running to the end of the text': '<a title="t" href= ',
  'comments, declarations and processing instructions hold no attributes': '<!DOCTYPE html><!-- <a href="/no"> --><?php echo "<a href=/no>" ?><a href=/yes>y</a><!----><!--><a href=/yes2>',
  'end tags hold no attributes': '<p>text</p class="x" href="/no"><a href="/yes">y</a>',
  'script, style and textarea content is text': '<script>var a = "<a href=\\"/no\\">";</script><style>a[href="/no"]{}</style><textarea><a href=/no></textarea><a href=/yes>',
  'an end tag of script in any case ends it': '<SCRIPT src=/s.js>x</Script ><a href="/after">',
  'a < that starts no tag': '<p>1 < 2 and 3 <4 a<b <a href="/x">x</a> <= <=x></p>',
  'attributes without values and an = at the start': '<video controls muted poster=/p.jpg><a href>e</a><a =x href=/y>',
  'duplicate attributes': '<a href="/one" href="/two">d</a>',
  'CDATA in HTML': '<![CDATA[<a href="/no">]]><a href=/yes>',
  'quotes of the other kind inside a value, and newlines around =': '<a href=\'x"y\' title="it\'s"><a\nhref\n=\n"/x">',
  'an unterminated comment hides the rest': '<a href=/a>1</a><!-- unterminated <a href=/no>',
  'title, iframe, xmp and plaintext content is text; noscript content is markup': '<title><a href=/no></title><iframe src=/frame><a href=/no></iframe><xmp><a href=/no></xmp><noscript><a href=/yes></noscript><plaintext><a href=/no>',
  'numeric references that name no character': '<a href="/&#0;&#xD800;&#x110000;&#128;&#x41">',
  'non-ASCII text and values': '<p lang=fa dir=rtl>خبر <a href="/خبر/یک">پیوند</a></p>',
};

describe('htmlAttributes', () => {
  it.each(Object.entries(BODIES))('finds what htmlparser2 finds: %s', (_, html) => {
    expect(htmlAttributes(html)).toEqual(attributesByHtmlparser2(html));
  });

  it('takes linear time on a body of unclosed tags and quotes', () => {
    const hostile = '<a href="'.repeat(20_000) + '<p '.repeat(20_000);
    const started = performance.now();
    htmlAttributes(hostile);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('decodeAttributeValue', () => {
  it('decodes numeric and named references, and leaves an unknown name or an inherited property name alone', () => {
    expect(decodeAttributeValue('&#x2F;&#47;&amp;&quot;&apos;&mdash;&unknownname;&constructor;&toString')).toBe('//&"\'—&unknownname;&constructor;&toString');
  });

  it('leaves a name without its ; before = or an alphanumeric as written, as browsers do in attributes', () => {
    expect(decodeAttributeValue('?a=1&copy=2&amp=3&copyx&copy.')).toBe('?a=1&copy=2&amp=3&copyx©.');
  });
});
