import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** An attribute as written, name lowercased and entities decoded; the first of duplicates wins. */
export type HtmlAttributes = ReadonlyMap<string, string>;

/** What the tokens of an HTML fragment mean to a consumer: tags and decoded text, nothing else. */
export interface HtmlTokenSink {
  openTag(name: string, attributes: HtmlAttributes): void;
  closeTag(name: string): void;
  text(text: string): void;
  end(): void;
}

/**
 * Feeds an HTML fragment to `sink` as tags and text, in one pass. This is htmlparser2's tokenizer
 * (a linear state machine) without its `Parser`, whose open-element stack uses `Array#unshift`
 * and `indexOf` and so costs quadratic time on deeply nested unclosed markup. Comments, CDATA,
 * doctypes and processing instructions carry nothing a reader should see and are skipped.
 * Script, style, title, textarea, xmp and iframe content arrives as raw text, as in a browser.
 */
export function tokenizeHtml(html: string, sink: HtmlTokenSink): void {
  const tokenizer = new Tokenizer({ decodeEntities: true }, tokenCallbacks(html, sink));
  tokenizer.write(html);
  tokenizer.end();
}

function tokenCallbacks(html: string, sink: HtmlTokenSink): TokenizerCallbacks {
  let tagName = '';
  let isOpenTag = false;
  let attributes = new Map<string, string>();
  let attributeName = '';
  let attributeValue = '';
  const skip = () => undefined;
  const finishOpenTag = () => {
    if (isOpenTag) sink.openTag(tagName, attributes);
    isOpenTag = false;
  };
  return {
    onopentagname(start, end) {
      tagName = elementName(html.slice(start, end));
      isOpenTag = true;
      attributes = new Map();
    },
    onattribname(start, end) {
      attributeName = html.slice(start, end).toLowerCase();
      attributeValue = '';
    },
    onattribdata(start, end) {
      attributeValue += html.slice(start, end);
    },
    onattribentity(codePoint) {
      attributeValue += String.fromCodePoint(codePoint);
    },
    onattribend() {
      if (!attributes.has(attributeName)) attributes.set(attributeName, attributeValue);
    },
    // HTML ignores the slash of `<div/>`: void elements close themselves, others stay open.
    onopentagend: finishOpenTag,
    onselfclosingtag: finishOpenTag,
    onclosetag(start, end) {
      sink.closeTag(elementName(html.slice(start, end)));
    },
    ontext(start, end) {
      sink.text(html.slice(start, end));
    },
    ontextentity(codePoint) {
      sink.text(String.fromCodePoint(codePoint));
    },
    onend() {
      sink.end();
    },
    oncdata: skip,
    oncomment: skip,
    ondeclaration: skip,
    onprocessinginstruction: skip,
  };
}

/** Lowercased; `<image>` is `<img>` outside SVG, as the HTML parsing algorithm says. */
function elementName(written: string): string {
  const name = written.toLowerCase();
  return name === 'image' ? 'img' : name;
}
