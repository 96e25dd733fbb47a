import { describe, expect, it } from 'vitest';
import { UnknownFeedIdError, buildArchivePageDocument, buildCurrentDocument, buildFeedDocument } from '../../../shared/feed/build-feed-document.ts';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { samplePost, sampleSite } from './feed-samples.ts';
import { NS, childrenNamed, parseStrictXml } from './strict-xml-tree.ts';

describe('buildFeedDocument', () => {
  it("links a partner's source feed to the partner's own site, from its newest post, else to ours", () => {
    const source = (siteUrl?: string) => ({ subscriptionId: 'partner', feedUrl: 'https://wire.example/rss.xml', categories: [], ...(siteUrl ? { siteUrl } : {}) });
    const older = samplePost({ id: 'older', publishedAt: '2026-11-01T00:00:00.000Z', source: source('https://old-home.wire.example/') });
    const newer = samplePost({ id: 'newer', publishedAt: '2026-11-02T00:00:00.000Z', source: source('https://wire.example/') });
    expect(buildFeedDocument('sources/partner', [older, newer], sampleSite()).homePageUrl).toBe('https://wire.example/');
    expect(buildFeedDocument('sources/partner', [samplePost({ source: source() })], sampleSite()).homePageUrl).toBe('https://news.example.org/');
    expect(buildFeedDocument('all', [newer], sampleSite()).homePageUrl).toBe('https://news.example.org/');
  });

  it('gives the feed and its items tag URIs that do not depend on URLs', () => {
    const doc = buildFeedDocument('all', [samplePost({ id: 'abc_1', url: 'https://elsewhere.example/x' })], sampleSite());
    expect(doc.id).toBe('tag:news.example.org,2026:feed/all');
    expect(doc.items.map((item) => [item.id, item.postId])).toEqual([['tag:news.example.org,2026:post/abc_1', 'abc_1']]);
  });

  it.each([
    {
      name: 'the site-wide feed',
      feedId: 'all',
      title: 'Feedline News',
      homePageUrl: 'https://news.example.org/',
      links: ['https://feeds.example.org/feeds/all/rss.xml', 'https://feeds.example.org/feeds/all/atom.xml', 'https://feeds.example.org/feeds/all/feed.json'],
    },
    {
      name: 'a topic feed',
      feedId: 'topics/science',
      title: 'Feedline News: Science',
      homePageUrl: 'https://news.example.org/topics/science',
      links: [
        'https://feeds.example.org/feeds/topics/science/rss.xml',
        'https://feeds.example.org/feeds/topics/science/atom.xml',
        'https://feeds.example.org/feeds/topics/science/feed.json',
      ],
    },
  ])('titles and links $name', ({ feedId, title, homePageUrl, links }) => {
    const doc = buildFeedDocument(feedId, [samplePost()], sampleSite());
    expect(doc.feedId).toBe(feedId);
    expect(doc.title).toBe(title);
    expect(doc.homePageUrl).toBe(homePageUrl);
    expect([doc.links.rss, doc.links.atom, doc.links.json]).toEqual(links);
  });

  it.each([
    {
      name: 'takes the label from the newest post carrying the topic',
      posts: [
        samplePost({ id: 'old', publishedAt: '2026-01-01T00:00:00Z', topics: [{ slug: 'kz', label: 'Kazakhstan' }] }),
        samplePost({ id: 'new', publishedAt: '2026-02-01T00:00:00Z', topics: [{ slug: 'kz', label: 'Қазақстан' }] }),
        samplePost({ id: 'newest-other', publishedAt: '2026-03-01T00:00:00Z', topics: [{ slug: 'other', label: 'Other' }] }),
      ],
      title: 'Feedline News: Қазақстан',
    },
    { name: 'falls back to the slug when no post carries it', posts: [], title: 'Feedline News: kz' },
  ])('topic feed title $name', ({ posts, title }) => {
    expect(buildFeedDocument('topics/kz', posts, sampleSite()).title).toBe(title);
  });

  it.each([
    { name: 'keeps the title it was last published under when emptied', posts: [], title: 'Feedline News: Қазақстан' },
    {
      name: 'takes a post\'s label over the remembered title',
      posts: [samplePost({ topics: [{ slug: 'kz', label: 'Kazakhstan' }] })],
      title: 'Feedline News: Kazakhstan',
    },
  ])('subscription document of a topic feed $name', ({ posts, title }) => {
    expect(buildCurrentDocument('topics/kz', posts, 0, sampleSite(), 'Feedline News: Қазақстан').title).toBe(title);
  });

  it('keeps the remembered title of an emptied source feed', () => {
    expect(buildCurrentDocument('sources/partner', [], 0, sampleSite(), 'Feedline News: Partner Daily').title).toBe('Feedline News: Partner Daily');
  });

  it('sorts newest first, ties by post id as the membership store returns them', () => {
    const posts = [
      samplePost({ id: 'a', publishedAt: '2026-11-20T08:00:00Z' }),
      samplePost({ id: 'c', publishedAt: '2026-11-21T08:00:00Z' }),
      samplePost({ id: 'b', publishedAt: '2026-11-20T08:00:00Z' }),
      samplePost({ id: 'd', publishedAt: '2026-11-20T10:00:00+03:00' }),
    ];
    expect(buildFeedDocument('all', posts, sampleSite()).items.map((item) => item.postId)).toEqual(['c', 'b', 'a', 'd']);
  });

  it.each([
    {
      name: 'is the latest updatedAt, even of an older post',
      posts: [
        samplePost({ id: 'new', publishedAt: '2026-11-20T08:00:00Z' }),
        samplePost({ id: 'old', publishedAt: '2026-11-01T08:00:00Z', updatedAt: '2026-11-25T12:00:00Z' }),
      ],
      updated: '2026-11-25T12:00:00.000Z',
    },
  ])('updated $name', ({ posts, updated }) => {
    expect(buildFeedDocument('all', posts, sampleSite()).updated).toBe(updated);
  });

  it.each([
    { tagAuthority: 'news.example.org,2026', updated: '2026-01-01T00:00:00.000Z' },
    { tagAuthority: 'news.example.org,2026-11', updated: '2026-11-01T00:00:00.000Z' },
    { tagAuthority: 'news.example.org,2026-11-25', updated: '2026-11-25T00:00:00.000Z' },
  ])('dates an empty feed by the start of its tag date, not 1970 ($tagAuthority)', ({ tagAuthority, updated }) => {
    const site = sampleSite({ tagAuthority });
    expect(buildFeedDocument('all', [], site).updated).toBe(updated);
    expect(buildFeedDocument('topics/science', [samplePost({ status: 'draft' })], site).updated).toBe(updated);
  });

  describe('archive pages (RFC 5005)', () => {
    const site = sampleSite();
    const feed = (format: string) => `https://feeds.example.org/feeds/all/${format}`;
    const archive = (page: number, format: string) => `https://feeds.example.org/feeds/all/archive/${page}/${format}`;
    const links = (at: (format: string) => string) => ({ rss: at('rss.xml'), atom: at('atom.xml'), json: at('feed.json') });

    it.each([
      { name: 'the only page links next-archive to the subscription document', pageNumber: 1, pageCount: 1, prev: undefined, next: links(feed) },
      { name: 'the newest page links next-archive to the subscription document', pageNumber: 3, pageCount: 3, prev: links((f) => archive(2, f)), next: links(feed) },
      { name: 'a middle page links both neighbouring pages', pageNumber: 2, pageCount: 3, prev: links((f) => archive(1, f)), next: links((f) => archive(3, f)) },
      { name: 'the oldest page links only the next page', pageNumber: 1, pageCount: 3, prev: undefined, next: links((f) => archive(2, f)) },
    ])('$name, and every page links current', ({ pageNumber, pageCount, prev, next }) => {
      const doc = buildArchivePageDocument('all', { pageNumber, pageCount }, [samplePost()], site);
      expect(doc.paging).toEqual({ archive: true, current: links(feed), ...(prev ? { prevArchive: prev } : {}), nextArchive: next });
    });

    it('gives a lone archive page a neighbour in RSS and Atom, so no validator calls it incomplete', () => {
      const doc = buildArchivePageDocument('all', { pageNumber: 1, pageCount: 1 }, [samplePost()], site);
      const channel = childrenNamed(parseStrictXml(renderRss(doc)), NS.none, 'channel')[0]!;
      for (const container of [channel, parseStrictXml(renderAtom(doc))]) {
        const rels = childrenNamed(container, NS.atom, 'link').map((link) => link.attributes.rel);
        expect(rels).toContain('current');
        expect(rels.filter((rel) => rel === 'prev-archive' || rel === 'next-archive')).toEqual(['next-archive']);
      }
    });
  });

  it('leaves out drafts and lists a repeated post once', () => {
    const posts = [samplePost({ id: 'kept' }), samplePost({ id: 'draft', status: 'draft' }), samplePost({ id: 'kept' })];
    expect(buildFeedDocument('all', posts, sampleSite()).items.map((item) => item.postId)).toEqual(['kept']);
  });

  it('turns topics into categories under the site topic scheme', () => {
    const post = samplePost({ topics: [{ slug: 'kz', label: 'Қазақстан' }, { slug: 'science', label: 'Science' }] });
    expect(buildFeedDocument('all', [post], sampleSite()).items[0]?.categories).toEqual([
      { term: 'kz', label: 'Қазақстан', scheme: 'https://news.example.org/topics/' },
      { term: 'science', label: 'Science', scheme: 'https://news.example.org/topics/' },
    ]);
  });

  it('keeps the site language for the feed and the post language per item', () => {
    const doc = buildFeedDocument('all', [samplePost({ language: 'kk-KZ' })], sampleSite({ language: 'ru' }));
    expect([doc.language, doc.items[0]?.language]).toEqual(['ru', 'kk-KZ']);
  });

  it.each([
    { name: 'copies the site copyright', copyright: '© 2026 Feedline', expected: '© 2026 Feedline' },
    { name: 'has no copyright when the site has none', copyright: undefined, expected: undefined },
  ])('$name', ({ copyright, expected }) => {
    expect(buildFeedDocument('all', [], sampleSite({ copyright })).copyright).toBe(expected);
  });

  it('shares no objects with the posts it was built from', () => {
    const post = samplePost({
      image: { url: 'https://img.example.org/a.jpg', type: 'image/jpeg', caption: 'Original' },
    });
    const doc = buildFeedDocument('all', [post], sampleSite());
    const item = doc.items[0]!;
    item.authors[0]!.name = 'Changed';
    item.image!.caption = 'Changed';
    expect([post.authors[0]?.name, post.image?.caption]).toEqual(['Ada Lovelace', 'Original']);
  });

  it.each(['', 'topics/', 'topics/Upper', 'sources/', 'sources/Upper', 'all/extra', 'topics/a/b'])(
    'rejects the unknown feed id %j',
    (feedId) => {
      expect(() => buildFeedDocument(feedId, [], sampleSite())).toThrow(UnknownFeedIdError);
    },
  );
});
