import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../shared/ingest/decode/decode-body.ts';
import { identityKeyOf, ingestedPostId } from '../../../shared/ingest/normalise/item-identity.ts';
import { normaliseItem } from '../../../shared/ingest/normalise/normalise-item.ts';
import { durationSecondsOf } from '../../../shared/ingest/parse/feed-attachments.ts';
import { parseFeed } from '../../../shared/ingest/parse/parse-feed.ts';
import type { ParsedItem } from '../../../shared/ingest/parse/parsed-feed.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';

const FEED_URL = 'https://aral-voices.example/feed.xml';

/** Every item of a fixture as the poller would store it. */
async function postsOf(fixture: string): Promise<Post[]> {
  const feed = await parseFeed(decodeBody(await readFixture(fixture), undefined).text);
  return feed.items.map((item: ParsedItem) => {
    const result = normaliseItem(item, {
      source: { subscriptionId: 'partner', feedUrl: FEED_URL, documentUrl: FEED_URL, topics: [] },
      feed,
      postId: ingestedPostId('partner', identityKeyOf(item, FEED_URL)),
      fetchedAt: '2026-11-25T12:00:00.000Z',
    });
    if (!result.ok) throw new Error(result.reason);
    return result.post;
  });
}

describe('audio and video from partner feeds', () => {
  it('keeps a podcast RSS feed\'s enclosures, Media RSS groups, iTunes durations, transcript and chapters', async () => {
    const [latest, withGroup, trailer] = await postsOf('podcast.rss.xml');
    expect(latest?.attachments).toEqual([{ url: 'https://cdn.aral-voices.example/audio/ep14.mp3', type: 'audio/mpeg', length: 28_311_552, durationSeconds: 1_769 }]);
    expect(latest?.transcript).toEqual({ url: 'https://aral-voices.example/transcripts/ep14.vtt', type: 'text/vtt' });
    expect(latest?.chapters).toEqual({ url: 'https://aral-voices.example/chapters/ep14.json' });
    // A relative enclosure resolves against the item link; a generic declared type gives way to the extension's.
    expect(withGroup?.attachments).toEqual([
      { url: 'https://aral-voices.example/audio/ep13.mp3', type: 'audio/mpeg', length: 19_922_944, durationSeconds: 1_245 },
      { url: 'https://cdn.aral-voices.example/audio/ep13.mp3', type: 'audio/mpeg', durationSeconds: 1_245, title: 'Episode 13 in two versions' },
      { url: 'https://cdn.aral-voices.example/audio/ep13.m4a', type: 'audio/x-m4a', length: 17_825_792, durationSeconds: 1_245, title: 'Episode 13 in two versions' },
    ]);
    // The video enclosure is an attachment; the image enclosure beside it stays the lead image.
    expect(trailer?.attachments).toEqual([{ url: 'https://cdn.aral-voices.example/video/trailer-2.mp4', type: 'video/mp4', length: 9_437_184, durationSeconds: 90 }]);
    expect(trailer?.image).toEqual({ url: 'https://aral-voices.example/art/trailer-2.jpg', type: 'image/jpeg' });
    expect(latest?.episode).toBeUndefined();
  });

  it('keeps every Atom enclosure link that is audio or video, with its title and Media RSS duration', async () => {
    const [hearing, brief] = await postsOf('enclosures.atom.xml');
    expect(hearing?.attachments).toEqual([
      { url: 'https://tienshan-radio.example/media/pasture-hearing.ogg', type: 'audio/ogg', length: 6_291_456, durationSeconds: 2_710, title: 'The full hearing' },
      { url: 'https://tienshan-radio.example/recordings/media/pasture-hearing.webm', type: 'video/webm', length: 52_428_800, title: 'Filmed from the back row' },
    ]);
    expect(brief).not.toHaveProperty('attachments');
  });

  it('keeps JSON Feed audio attachments with title, size and duration; images and documents are not attachments', async () => {
    const [post] = await postsOf('attachments.feed.json');
    expect(post?.attachments).toEqual([
      { url: 'https://caspian-post.example/audio/41.m4a', type: 'audio/x-m4a', length: 14_680_064, durationSeconds: 1_504, title: 'Day nine at the gate' },
      { url: 'https://caspian-post.example/audio/41-raw.opus', type: 'audio/opus', durationSeconds: 3_600 },
    ]);
    expect(post?.image?.url).toBe('https://caspian-post.example/img/41.jpg');
  });

  it.each([
    { text: '1769', seconds: 1769 },
    { text: '29:29', seconds: 1769 },
    { text: '00:29:29', seconds: 1769 },
    { text: '1:02:03', seconds: 3723 },
    { text: '61.6', seconds: 62 },
    { text: '0', seconds: undefined },
    { text: '12 minutes', seconds: undefined },
    { text: '1:75', seconds: undefined },
  ])('reads an iTunes duration of $text as $seconds seconds', ({ text, seconds }) => {
    expect(durationSecondsOf(text)).toBe(seconds);
  });
});
