import type { PostAttachment } from '../post/post-schema.ts';
import { mediaKindOf } from '../post/media-type.ts';
import { xmlElement, xmlTextElement, type XmlElement } from './xml-element.ts';

/**
 * An audio or video attachment as Media RSS `media:content`: unlike the one RSS enclosure, it
 * carries every file with its medium, size, duration and title.
 */
export function attachmentMediaContent(attachment: PostAttachment): XmlElement {
  return xmlElement(
    'media:content',
    {
      url: attachment.url,
      type: attachment.type,
      medium: mediaKindOf(attachment.type),
      fileSize: attachment.length,
      duration: attachment.durationSeconds,
    },
    attachment.title ? xmlTextElement('media:title', attachment.title, { type: 'plain' }) : undefined,
  );
}

/** RSS requires `length` on an enclosure; 0 is the customary value when the size is unknown. */
export function rssEnclosure(file: { url: string; type: string; length?: number }): XmlElement {
  return xmlElement('enclosure', { url: file.url, length: file.length ?? 0, type: file.type });
}
