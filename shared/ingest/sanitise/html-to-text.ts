import { ElementNesting, type ElementSink } from './element-nesting.ts';
import { CONTENT_DROPPED_TAGS } from './html-allowlist.ts';
import { tokenizeHtml } from './html-tokens.ts';

/**
 * Plain text of an HTML fragment (titles, summaries, author names): every tag dropped, entities
 * decoded, whitespace collapsed; script, style and the like go with their content. Linear time,
 * like `sanitiseHtml`.
 */
export function htmlToText(html: string): string {
  const collector = new TextCollector();
  tokenizeHtml(html, new ElementNesting(collector));
  return collector.parts.join('').replace(/\s+/g, ' ').trim();
}

class TextCollector implements ElementSink {
  readonly parts: string[] = [];
  private readonly dropped: boolean[] = [];
  private dropping = 0;

  openElement(name: string, _attributes: unknown, isVoid: boolean): void {
    if (isVoid) return;
    const drop = CONTENT_DROPPED_TAGS.has(name);
    this.dropped.push(drop);
    if (drop) this.dropping += 1;
  }

  closeElement(): void {
    if (this.dropped.pop()) this.dropping -= 1;
  }

  text(text: string): void {
    if (this.dropping === 0) this.parts.push(text);
  }
}
