import { ElementNesting, type ElementSink } from './element-nesting.ts';
import { writtenAttributes } from './element-attributes.ts';
import { ALLOWED_ATTRIBUTES, CONTENT_DROPPED_TAGS, CONTENT_FREE_TAGS } from './html-allowlist.ts';
import { escapeText } from '../../post/html-escape.ts';
import { tokenizeHtml, type HtmlAttributes } from './html-tokens.ts';

/**
 * Partner HTML reduced to an allowlist (`html-allowlist.ts`) before it reaches our feeds and
 * readers' screens: no script, style, event handlers, forms, `javascript:`/`data:` URLs or
 * tracking pixels; iframes only from `IFRAME_HOSTS`. Relative URLs are resolved against `baseUrl`
 * (the item's link or the feed URL), since the content will be read far from its origin.
 *
 * The output is written from scratch, never copied: tags balanced, nested at most
 * `MAX_NESTING_DEPTH` deep, every attribute quoted and every text escaped. Time is linear in the
 * input, whatever its markup, so hostile HTML cannot stall the poller.
 *
 * @example
 * sanitiseHtml('<p onclick="x()">Hi <script>bad()</script></p>', 'https://partner.example/'); // '<p>Hi </p>'
 */
export function sanitiseHtml(html: string, baseUrl: string): string {
  const writer = new AllowlistWriter(baseUrl);
  tokenizeHtml(html, new ElementNesting(writer));
  return writer.html;
}

/** How an open element is written: with its tags (and content, or not), as its text only, or not at all. */
type Treatment = 'keep' | 'keep-empty' | 'unwrap' | 'drop';

class AllowlistWriter implements ElementSink {
  html = '';
  private readonly open: Treatment[] = [];
  private dropping = 0;

  constructor(private readonly baseUrl: string) {}

  openElement(name: string, attributes: HtmlAttributes, isVoid: boolean): void {
    const treatment = this.treatmentOf(name, attributes);
    if (treatment.kind === 'keep' || treatment.kind === 'keep-empty') this.html += `<${name}${treatment.attributes}${isVoid ? ' />' : '>'}`;
    if (isVoid) return;
    this.open.push(treatment.kind);
    if (treatment.kind === 'drop' || treatment.kind === 'keep-empty') this.dropping += 1;
  }

  closeElement(name: string): void {
    const treatment = this.open.pop();
    if (treatment === 'keep' || treatment === 'keep-empty') this.html += `</${name}>`;
    if (treatment === 'drop' || treatment === 'keep-empty') this.dropping -= 1;
  }

  text(text: string): void {
    if (this.dropping === 0) this.html += escapeText(text);
  }

  private treatmentOf(name: string, attributes: HtmlAttributes): { kind: 'keep' | 'keep-empty'; attributes: string } | { kind: 'unwrap' | 'drop' } {
    if (this.dropping > 0 || CONTENT_DROPPED_TAGS.has(name)) return { kind: 'drop' };
    if (!ALLOWED_ATTRIBUTES.has(name)) return { kind: 'unwrap' };
    const written = writtenAttributes(name, attributes, this.baseUrl);
    if (written === undefined) return { kind: 'drop' };
    return { kind: CONTENT_FREE_TAGS.has(name) ? 'keep-empty' : 'keep', attributes: written };
  }
}
