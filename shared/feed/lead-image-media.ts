import type { PostImage } from '../post/post-schema.ts';
import { xmlElement, xmlTextElement, type XmlElement } from './xml-element.ts';

/**
 * The lead image as Media RSS `media:content`, shared by RSS and Atom: it is the one place a feed
 * can carry the image's size, caption and credit, which enclosures cannot.
 */
export function mediaContentElement(image: PostImage): XmlElement {
  return xmlElement(
    'media:content',
    {
      url: image.url,
      type: image.type,
      medium: 'image',
      width: image.width,
      height: image.height,
      fileSize: image.length,
    },
    image.caption ? xmlTextElement('media:description', image.caption, { type: 'plain' }) : undefined,
    image.credit ? xmlTextElement('media:credit', image.credit) : undefined,
  );
}
