import { describe, expect, it } from 'vitest';
import { buildFeedDocument } from '../../../shared/feed/build-feed-document.ts';
import { feedsOfPost } from '../../../shared/feed/feed-id.ts';
import { makePost } from '../../support/post-factory.ts';
import { testSite } from '../../support/test-site.ts';

const source = { subscriptionId: 'steppe-wire', feedUrl: 'https://wire.example/rss.xml', title: 'Steppe Wire', categories: ['Courts'] };

describe('feeds of ingested posts', () => {
  it('puts a post with a source into all, its topics and its source feed', () => {
    expect(feedsOfPost(makePost({ source }))).toEqual(['all', 'topics/kazakhstan', 'topics/press-freedom', 'sources/steppe-wire']);
    expect(feedsOfPost(makePost())).toEqual(['all', 'topics/kazakhstan', 'topics/press-freedom']);
  });

  it('titles a source feed after the source, and keeps the partner categories in its scheme', () => {
    const doc = buildFeedDocument('sources/steppe-wire', [makePost({ source })], testSite());
    expect(doc.title).toBe('Steppe Rights Monitor: Steppe Wire');
    expect(doc.id).toBe('tag:humanrights.example.org,2026:feed/sources/steppe-wire');
    expect(doc.links.atom).toBe('https://feeds.humanrights.example.org/feeds/sources/steppe-wire/atom.xml');
    expect(doc.items[0]?.categories.at(-1)).toEqual({ term: 'Courts', label: 'Courts', scheme: 'https://wire.example/rss.xml' });
  });

  it('falls back to the subscription id when no post names the source', () => {
    expect(buildFeedDocument('sources/steppe-wire', [], testSite()).title).toBe('Steppe Rights Monitor: steppe-wire');
  });
});
