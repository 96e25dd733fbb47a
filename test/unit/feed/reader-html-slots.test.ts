import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';
import { parseWithFeedparser, type TextDetail } from './universal-feed-parser.ts';

/** Plain text that is also markup: a reader that takes it for HTML loads an image and runs a handler. */
const PAYLOAD = '<img src=x onerror=alert(1)> Tom & Jerry';

/** Every plain-text field a reader shows carries the payload; one body is HTML whose text is the payload. */
function documentWithPayload(): FeedDocument {
  return sampleDocument({
    title: PAYLOAD,
    description: PAYLOAD,
    items: [
      sampleItem({ title: PAYLOAD, summary: PAYLOAD, authors: [{ name: PAYLOAD }], image: undefined }),
      sampleItem({
        id: 'tag:news.example.org,2026:post/post-0',
        postId: 'post-0',
        title: 'An excerpt stands in for the summary',
        summary: '',
        // Escaped in the body: its excerpt (the description) is the payload as plain text.
        contentHtml: '<p>&lt;img src=x onerror=alert(1)&gt; Tom &amp; Jerry</p>',
        image: undefined,
      }),
    ],
  });
}

/** What a reader shows: HTML rendered to its text, plain text as it is. */
function shownText(detail: TextDetail): string {
  return detail.type === 'text/html' ? DomUtils.textContent(parseDocument(detail.value)) : detail.value;
}

function elementsIn(detail: TextDetail): string[] {
  if (detail.type !== 'text/html') return [];
  return DomUtils.findAll(() => true, parseDocument(detail.value).children).map((element) => element.name);
}

describe.each([
  { format: 'RSS', render: renderRss },
  { format: 'Atom', render: renderAtom },
])('plain text read by Universal Feed Parser from $format', ({ render }) => {
  const parsed = parseWithFeedparser(render(documentWithPayload()));
  const [withSummary, withExcerpt] = parsed.entries;
  const slots: [string, TextDetail | null | undefined][] = [
    ['feed title', parsed.feed.title],
    ['feed description', parsed.feed.subtitle],
    ['item title', withSummary?.title],
    ['item summary', withSummary?.summary],
    ['item excerpt', withExcerpt?.summary],
  ];

  it('parses without complaint', () => {
    expect(parsed.bozo, parsed.bozoException).toBe(false);
    expect(parsed.entries).toHaveLength(2);
  });

  it.each(slots)('shows the %s as the text it is, with no element in it', (_slot, detail) => {
    expect(detail).toBeTruthy();
    expect(elementsIn(detail as TextDetail)).toEqual([]);
    expect(shownText(detail as TextDetail)).toBe(PAYLOAD);
  });

  it('reads a feed that names the XSL and the CSS exactly as one that names no stylesheet', () => {
    const styled = { ...documentWithPayload(), stylesheetUrl: 'https://feeds.example.org/assets/feed.xsl', cssStylesheetUrl: 'https://feeds.example.org/assets/feed.css' };
    expect(parseWithFeedparser(render(styled))).toEqual(parsed);
  });

  it('names the author as written', () => {
    expect(withSummary?.authors).toEqual([PAYLOAD]);
  });

  it('keeps the body HTML: its escaped text stays text', () => {
    const [content] = withExcerpt?.content ?? [];
    expect(content?.type).toBe('text/html');
    expect(elementsIn(content as TextDetail)).toEqual(['p']);
    expect(shownText(content as TextDetail)).toBe(PAYLOAD);
  });
});
