import { describe, expect, it, vi } from 'vitest';
import { FeedRenderError } from '../../../shared/feed/feed-render-error.ts';
import { renderFeedFiles } from '../../../shared/feed/render-feed.ts';
import { sampleDocument, sampleItem } from './feed-samples.ts';

/** Stands in for an RSS renderer with a bug, to show the check stops its output. */
vi.mock('../../../shared/feed/render-rss.ts', () => ({
  renderRss: () => '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n  <channel>\n    <title>Tom & Jerry</title>',
}));

describe('renderFeedFiles with a renderer that writes broken XML', () => {
  it('throws FeedRenderError instead of returning the document', () => {
    const doc = sampleDocument({ feedId: 'topics/kz', items: [sampleItem({ postId: 'kz-1' })] });
    expect(() => renderFeedFiles(doc)).toThrow(FeedRenderError);
    expect(() => renderFeedFiles(doc)).toThrow(
      expect.objectContaining({ feedId: 'topics/kz', format: 'rss', postIds: ['kz-1'], line: 4 }),
    );
  });
});
