import { POST_LIMITS, TRANSCRIPT_TYPES, type PostAttachment, type PostChapters, type PostTranscript } from '../../post/post-schema.ts';
import { canonicalMediaType, mediaKindOf, mediaTypesOfUrl } from '../../post/media-type.ts';
import type { ParsedAttachment, ParsedItem } from '../parse/parsed-feed.ts';

/** The media fields of an ingested post: absent, never empty, when the item has none. */
export interface ItemMedia {
  attachments?: PostAttachment[];
  transcript?: PostTranscript;
  chapters?: PostChapters;
}

/**
 * An item's audio and video files, transcript and chapters, with links made absolute and types
 * the post schema accepts: the extension's type wins over a contradicting declared one (as for
 * images: partners declare stale or generic types, and podcast apps trust the file). A file whose
 * type cannot be known is left out rather than losing the whole item.
 */
export function itemMediaOf(item: ParsedItem, absoluteUrl: (value: string | undefined) => string | undefined): ItemMedia {
  const media: ItemMedia = {};
  const attachments = item.attachments.flatMap((candidate) => attachmentOf(candidate, absoluteUrl) ?? []).slice(0, POST_LIMITS.attachments);
  if (attachments.length > 0) media.attachments = attachments;
  const transcriptUrl = absoluteUrl(item.transcript?.url);
  const transcriptType = (TRANSCRIPT_TYPES as readonly string[]).find((type) => type === item.transcript?.type?.trim().toLowerCase());
  if (transcriptUrl && transcriptType) media.transcript = { url: transcriptUrl, type: transcriptType as PostTranscript['type'] };
  const chaptersUrl = absoluteUrl(item.chapters?.url);
  if (chaptersUrl) media.chapters = { url: chaptersUrl };
  return media;
}

function attachmentOf(candidate: ParsedAttachment, absoluteUrl: (value: string | undefined) => string | undefined): PostAttachment | undefined {
  const url = absoluteUrl(candidate.url);
  if (!url) return undefined;
  const type = typeOf(url, candidate.type);
  if (type === undefined) return undefined;
  const { length, durationSeconds } = candidate;
  const title = candidate.title?.slice(0, POST_LIMITS.textFieldLength);
  return {
    url,
    type,
    ...(length === undefined ? {} : { length }),
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    ...(title ? { title } : {}),
  };
}

function typeOf(url: string, declared: string | undefined): string | undefined {
  const allowed = mediaTypesOfUrl(url);
  const canonical = declared === undefined ? undefined : canonicalMediaType(declared);
  if (allowed !== undefined) return canonical !== undefined && allowed.includes(canonical) ? canonical : allowed[0];
  return canonical !== undefined && mediaKindOf(canonical) !== undefined && /^[a-z]+\/[a-z0-9.+-]+$/.test(canonical) ? canonical : undefined;
}
