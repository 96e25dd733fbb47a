import { mediaKindOf, mediaTypesOfUrl } from '../../post/media-type.ts';
import type { ParsedAttachment, ParsedItem } from './parsed-feed.ts';
import { FEED_NAMESPACES, MEDIA_NAMESPACES } from './xml-namespaces.ts';
import { attributeText, childNode, childNodes, childText, trimmedText, type XmlNode } from './xml-node.ts';

/** What a feed wrote about one file, as text: the candidate becomes an attachment if it is audio or video. */
export interface AttachmentCandidate {
  url?: string;
  type?: string;
  length?: string | number;
  duration?: string | number;
  title?: string;
}

/**
 * An audio or video file from what a feed wrote, or undefined when it is something else (an
 * image, a PDF): an audio or video type, or else an audio or video file extension (partners
 * declare `.mp3` files as `application/octet-stream`; the normaliser takes the extension's type).
 */
export function attachmentOf(candidate: AttachmentCandidate): ParsedAttachment | undefined {
  const { url, type } = candidate;
  if (!url) return undefined;
  const declared = type === undefined ? undefined : mediaKindOf(type.trim().toLowerCase());
  const byExtension = mediaTypesOfUrl(url)?.[0];
  if (declared === undefined && (byExtension === undefined || (type !== undefined && type.trim().toLowerCase().startsWith('image/')))) return undefined;
  const attachment: ParsedAttachment = { url };
  if (type !== undefined) attachment.type = type;
  const bytes = wholeNumber(candidate.length);
  if (bytes !== undefined && bytes > 0) attachment.length = bytes;
  const seconds = durationSecondsOf(candidate.duration);
  if (seconds !== undefined) attachment.durationSeconds = seconds;
  const title = candidate.title === undefined ? undefined : trimmedText(candidate.title);
  if (title !== undefined) attachment.title = title;
  return attachment;
}

/**
 * Seconds from `itunes:duration`, Media RSS `duration` or JSON `duration_in_seconds`: whole or
 * fractional seconds, `MM:SS` or `HH:MM:SS` (Apple documents all three), rounded to whole seconds.
 */
export function durationSecondsOf(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?$|^\d+(:[0-5]?\d){1,2}(\.\d+)?$/.test(text)) return undefined;
  const seconds = text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  const whole = Math.round(seconds);
  return whole > 0 ? whole : undefined;
}

/**
 * One attachment per URL, in the order first named: RSS feeds name the same file as `enclosure`
 * and as `media:content`, each with what the other lacks (a size here, a duration there).
 */
export function mergedAttachments(candidates: ParsedAttachment[]): ParsedAttachment[] {
  const byUrl = new Map<string, ParsedAttachment>();
  for (const candidate of candidates) {
    const known = byUrl.get(candidate.url);
    byUrl.set(candidate.url, known === undefined ? { ...candidate } : { ...candidate, ...known });
  }
  return [...byUrl.values()];
}

/** Media RSS audio and video: the item's own `media:content`, then those in its `media:group`s. */
export function mediaAttachments(item: XmlNode): ParsedAttachment[] {
  const scopes = [item, ...childNodes(item, MEDIA_NAMESPACES, 'group')];
  return scopes.flatMap((scope) =>
    childNodes(scope, MEDIA_NAMESPACES, 'content').flatMap((content) => {
      const medium = attributeText(content, 'medium');
      if (medium !== undefined && medium !== 'audio' && medium !== 'video') return [];
      const title = childText(content, MEDIA_NAMESPACES, 'title') ?? childText(scope, MEDIA_NAMESPACES, 'title');
      return (
        attachmentOf({
          url: attributeText(content, 'url'),
          type: attributeText(content, 'type') ?? (medium === undefined ? undefined : `${medium}/*`),
          length: attributeText(content, 'fileSize'),
          duration: attributeText(content, 'duration'),
          title,
        }) ?? []
      );
    }),
  ).map(withoutWildcardType);
}

/** `audio/*` only said which medium a typeless `media:content` is; the type itself stays unknown. */
function withoutWildcardType(attachment: ParsedAttachment): ParsedAttachment {
  if (!attachment.type?.endsWith('/*')) return attachment;
  const { type: _wildcard, ...rest } = attachment;
  return rest;
}

/** `itunes:duration` is the item's: it belongs to the first file, when that one has none of its own. */
export function withItemDuration(attachments: ParsedAttachment[], item: XmlNode): ParsedAttachment[] {
  const seconds = durationSecondsOf(childText(item, FEED_NAMESPACES.itunes, 'duration'));
  const [first, ...rest] = attachments;
  if (seconds === undefined || first === undefined || first.durationSeconds !== undefined) return attachments;
  return [{ ...first, durationSeconds: seconds }, ...rest];
}

/** Podcasting 2.0 transcript and chapters of an item. */
export function podcastLinks(item: XmlNode): Pick<ParsedItem, 'transcript' | 'chapters'> {
  const links: Pick<ParsedItem, 'transcript' | 'chapters'> = {};
  const transcript = childNode(item, FEED_NAMESPACES.podcast, 'transcript');
  const transcriptUrl = transcript === undefined ? undefined : attributeText(transcript, 'url');
  if (transcript !== undefined && transcriptUrl !== undefined) {
    const type = attributeText(transcript, 'type');
    links.transcript = { url: transcriptUrl, ...(type === undefined ? {} : { type }) };
  }
  const chapters = childNode(item, FEED_NAMESPACES.podcast, 'chapters');
  const chaptersUrl = chapters === undefined ? undefined : attributeText(chapters, 'url');
  if (chaptersUrl !== undefined) links.chapters = { url: chaptersUrl };
  return links;
}

function wholeNumber(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}
