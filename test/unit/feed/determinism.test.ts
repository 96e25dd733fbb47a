import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { FeedDocument } from '../../../shared/feed/feed-document.ts';
import type { FeedFormat } from '../../../shared/feed/feed-id.ts';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderJsonFeed } from '../../../shared/feed/render-json-feed.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { goldenDocument, sampleDocument } from './feed-samples.ts';

/** `UPDATE_GOLDEN=1 npx vitest run test/unit/feed` rewrites the golden files from the renderers. */
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const GOLDEN_DIR = new URL('../../fixtures/feed/', import.meta.url);

const FORMATS: { format: FeedFormat; render: (doc: FeedDocument) => string; golden: string }[] = [
  { format: 'rss', render: renderRss, golden: 'small-feed.rss.xml' },
  { format: 'atom', render: renderAtom, golden: 'small-feed.atom.xml' },
  { format: 'json', render: renderJsonFeed, golden: 'small-feed.json' },
];

describe.each(FORMATS)('$format output', ({ render, golden }) => {
  it('is byte-identical when the same document is rendered twice', () => {
    const doc = goldenDocument();
    expect(render(doc)).toBe(render(doc));
  });

  it('is byte-identical for a deep copy of the document', () => {
    const doc = goldenDocument();
    expect(render(structuredClone(doc))).toBe(render(doc));
  });

  it('leaves the document unchanged', () => {
    const doc = goldenDocument();
    render(doc);
    expect(doc).toEqual(goldenDocument());
  });

  it.each([
    { name: 'an empty feed', doc: () => sampleDocument({ items: [], updated: '2026-01-01T00:00:00.000Z' }) },
    { name: 'a full feed', doc: goldenDocument },
  ])('does not depend on the clock for $name', ({ doc }) => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2001-02-03T04:05:06Z'));
      const before = render(doc());
      vi.setSystemTime(new Date('2039-12-31T23:59:59Z'));
      expect(render(doc())).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });

  it(`matches the golden file ${golden}`, () => {
    const file = new URL(golden, GOLDEN_DIR);
    const rendered = render(goldenDocument());
    if (UPDATE_GOLDEN) writeFileSync(file, rendered);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
  });
});
