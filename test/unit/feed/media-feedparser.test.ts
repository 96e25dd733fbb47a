import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../../shared/feed/render-atom.ts';
import { renderRss } from '../../../shared/feed/render-rss.ts';
import { episodeItem, sampleDocument } from './feed-samples.ts';
import { parseMediaWithFeedparser } from './universal-feed-parser.ts';

/**
 * Universal Feed Parser (what many readers and podcast tools are built on) reads every attachment
 * field we write. It reads no JSON Feed (6.0.10), so JSON round-trips through our own parser only.
 */
const item = episodeItem();
const attachments = item.attachments ?? [];
const doc = sampleDocument({ items: [item] });

function asMediaContent(attachment: (typeof attachments)[number]): Record<string, string> {
  return {
    url: attachment.url,
    type: attachment.type,
    medium: attachment.type.split('/')[0] ?? '',
    ...(attachment.length === undefined ? {} : { filesize: String(attachment.length) }),
    ...(attachment.durationSeconds === undefined ? {} : { duration: String(attachment.durationSeconds) }),
  };
}

const imageAsMediaContent = { url: 'https://img.example.org/lead.jpg', type: 'image/jpeg', medium: 'image', filesize: '48213' };

describe('attachments read by Universal Feed Parser', () => {
  it('RSS: the first file is the enclosure; every file, and the image, is media:content; duration, transcript and chapters are there', () => {
    const parsed = parseMediaWithFeedparser(renderRss(doc));
    expect(parsed.bozo, parsed.bozoException).toBe(false);
    const [entry] = parsed.entries;
    expect(entry?.id).toBe(item.id);
    expect(entry?.enclosures).toEqual([{ href: attachments[0]?.url, type: 'audio/mpeg', length: '18402113' }]);
    expect(entry?.media).toEqual([...attachments.map(asMediaContent), imageAsMediaContent]);
    expect(entry?.itunes).toMatchObject({ itunes_duration: '2297' });
    expect(entry?.podcast).toEqual({
      podcast_transcript: { url: item.transcript?.url, type: 'text/vtt' },
      podcast_chapters: { url: item.chapters?.url, type: 'application/json+chapters' },
    });
  });

  it('Atom: one enclosure link per file with its type, length and title, then the image; media:content as in RSS', () => {
    const parsed = parseMediaWithFeedparser(renderAtom(doc));
    expect(parsed.bozo, parsed.bozoException).toBe(false);
    const [entry] = parsed.entries;
    expect(entry?.enclosures).toEqual([
      ...attachments.map((attachment) => ({
        href: attachment.url,
        type: attachment.type,
        ...(attachment.length === undefined ? {} : { length: String(attachment.length) }),
        ...(attachment.title === undefined ? {} : { title: attachment.title }),
      })),
      { href: 'https://img.example.org/lead.jpg', type: 'image/jpeg', length: '48213' },
    ]);
    expect(entry?.media).toEqual([...attachments.map(asMediaContent), imageAsMediaContent]);
  });
});
