import type { ParsedImage } from './parsed-feed.ts';
import { imageTypeOfUrl } from '../../post/image-type.ts';
import { MEDIA_NAMESPACES } from './xml-namespaces.ts';
import { attributeText, childNodes, type XmlNode } from './xml-node.ts';

/** An image candidate from a URL and the sizes a feed wrote as text; undefined when it is no image. */
export function imageOf(url?: string, type?: string, length?: string, width?: string, height?: string): ParsedImage | undefined {
  const mime = type ?? (url === undefined ? undefined : imageTypeOfUrl(url));
  if (!url || !mime?.startsWith('image/')) return undefined;
  const image: ParsedImage = { url, type: mime };
  const bytes = nonNegativeInteger(length);
  if (bytes !== undefined) image.length = bytes;
  const pixelsWide = positiveInteger(width);
  if (pixelsWide !== undefined) image.width = pixelsWide;
  const pixelsHigh = positiveInteger(height);
  if (pixelsHigh !== undefined) image.height = pixelsHigh;
  return image;
}

/**
 * Media RSS images of an item, in the order readers prefer them: every `media:content` (the item's
 * own, then those in `media:group`), then every `media:thumbnail`. Non-image media are skipped.
 */
export function mediaImages(item: XmlNode): ParsedImage[] {
  const scopes = [item, ...childNodes(item, MEDIA_NAMESPACES, 'group')];
  const images: ParsedImage[] = [];
  for (const content of scopes.flatMap((scope) => childNodes(scope, MEDIA_NAMESPACES, 'content'))) {
    const medium = attributeText(content, 'medium');
    if (medium !== undefined && medium !== 'image') continue;
    const type = attributeText(content, 'type') ?? (medium === 'image' ? 'image/jpeg' : undefined);
    const image = imageOf(attributeText(content, 'url'), type, attributeText(content, 'fileSize'), attributeText(content, 'width'), attributeText(content, 'height'));
    if (image) images.push(image);
  }
  for (const thumbnail of scopes.flatMap((scope) => childNodes(scope, MEDIA_NAMESPACES, 'thumbnail'))) {
    const image = imageOf(attributeText(thumbnail, 'url'), attributeText(thumbnail, 'type'), undefined, attributeText(thumbnail, 'width'), attributeText(thumbnail, 'height'));
    if (image) images.push(image);
  }
  return images;
}

export function positiveInteger(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : undefined;
}

function nonNegativeInteger(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(number) && number >= 0 ? number : undefined;
}
