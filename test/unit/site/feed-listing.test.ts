import { describe, expect, it } from 'vitest';
import { listFeeds } from '../../../shared/site/feed-listing.ts';

describe('listFeeds', () => {
  it('groups feed files by folder, all first, formats in RSS/Atom/JSON order', () => {
    const keys = [
      'feeds/topics/russia/feed.json',
      'feeds/topics/russia/rss.xml',
      'feeds/all/atom.xml',
      'feeds/all/feed.json',
      'feeds/all/rss.xml',
      'feeds/sources/abc/atom.xml',
    ];
    const feeds = listFeeds(keys.map((key) => ({ key })));
    expect(feeds.map((feed) => [feed.feedId, feed.files.map((file) => file.format)])).toEqual([
      ['all', ['rss', 'atom', 'json']],
      ['sources/abc', ['atom']],
      ['topics/russia', ['rss', 'json']],
    ]);
  });

  it('leaves out files that are not feed formats and keys outside feeds/', () => {
    const keys = ['index.html', 'feeds/all/archive/1.xml', 'feeds/rss.xml', 'feeds/all/notes.txt', 'other/all/rss.xml'];
    expect(listFeeds(keys.map((key) => ({ key })))).toEqual([]);
  });

  it('keeps each file key and modification date', () => {
    const lastModified = new Date('2026-11-25T10:00:00Z');
    expect(listFeeds([{ key: 'feeds/all/rss.xml', lastModified }])).toEqual([
      { feedId: 'all', files: [{ format: 'rss', key: 'feeds/all/rss.xml', lastModified }] },
    ]);
  });
});
