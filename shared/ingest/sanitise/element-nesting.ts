import type { HtmlAttributes, HtmlTokenSink } from './html-tokens.ts';

/** Well-nested elements and text: every `openElement` of a non-void element gets its `closeElement`. */
export interface ElementSink {
  openElement(name: string, attributes: HtmlAttributes, isVoid: boolean): void;
  closeElement(name: string): void;
  text(text: string): void;
}

/**
 * Deeper than this, start tags are dropped and only their text kept. Real articles nest a few
 * dozen levels; the cap bounds our memory and the depth of what readers' renderers must walk.
 */
export const MAX_NESTING_DEPTH = 100;

/** Elements that have no content and no end tag (HTML "void elements"). */
const VOID_ELEMENTS = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const PARAGRAPH = new Set(['p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);

/** An open element that these start tags close first: `<p>a<p>b` is two paragraphs, not nested ones. */
const CLOSED_BY_START_TAG = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name) => [name, HEADINGS] as const),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((name) => [name, FORM_CONTROLS] as const),
  ...['p', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (name) => [name, PARAGRAPH] as const,
  ),
]);

/**
 * Turns a token stream into well-nested elements, in time linear in the input: the open-element
 * stack is capped at `MAX_NESTING_DEPTH`, and an end tag is matched through a count of open
 * elements per name, so a stray `</x>` costs nothing and every scan of the stack pops what it
 * passes. End tags with no open element are ignored; elements left open are closed at the end.
 */
export class ElementNesting implements HtmlTokenSink {
  private readonly open: string[] = [];
  private readonly openCount = new Map<string, number>();

  constructor(private readonly sink: ElementSink) {}

  openTag(name: string, attributes: HtmlAttributes): void {
    const closes = CLOSED_BY_START_TAG.get(name);
    while (closes !== undefined && this.open.length > 0 && closes.has(this.open[this.open.length - 1] as string)) this.pop();
    if (VOID_ELEMENTS.has(name)) {
      this.sink.openElement(name, attributes, true);
      return;
    }
    if (this.open.length >= MAX_NESTING_DEPTH) return;
    this.open.push(name);
    this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
    this.sink.openElement(name, attributes, false);
  }

  closeTag(name: string): void {
    if ((this.openCount.get(name) ?? 0) === 0) return;
    while (this.open.length > 0 && this.pop() !== name);
  }

  text(text: string): void {
    this.sink.text(text);
  }

  end(): void {
    while (this.open.length > 0) this.pop();
  }

  private pop(): string | undefined {
    const name = this.open.pop();
    if (name === undefined) return undefined;
    this.openCount.set(name, (this.openCount.get(name) ?? 1) - 1);
    this.sink.closeElement(name);
    return name;
  }
}
