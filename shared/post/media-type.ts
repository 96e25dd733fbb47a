import { byUrlExtension } from './url-extension.ts';

/**
 * Audio and video MIME types as feeds must state them. Podcast apps and readers choose a player
 * by the declared type (Apple Podcasts refuses an episode whose type does not match its file), so
 * an attachment's type must be one its file extension allows.
 */
const TYPES_BY_EXTENSION: Readonly<Record<string, readonly string[]>> = {
  mp3: ['audio/mpeg'],
  m4a: ['audio/mp4', 'audio/x-m4a'],
  aac: ['audio/aac'],
  oga: ['audio/ogg'],
  ogg: ['audio/ogg', 'video/ogg'],
  opus: ['audio/opus', 'audio/ogg'],
  flac: ['audio/flac'],
  wav: ['audio/wav'],
  mp4: ['video/mp4', 'audio/mp4'],
  m4v: ['video/x-m4v', 'video/mp4'],
  mov: ['video/quicktime'],
  webm: ['video/webm', 'audio/webm'],
};

/** Common misspellings that name a registered type. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/m4a': 'audio/x-m4a',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-flac': 'audio/flac',
};

/** `audio/…` or `video/…`: what the `medium` of Media RSS and the player in the browser view follow. */
export type MediaKind = 'audio' | 'video';

/** A declared type in its registered spelling: lower case, parameters dropped, aliases replaced. */
export function canonicalMediaType(type: string): string {
  const lower = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return TYPE_ALIASES[lower] ?? lower;
}

/**
 * The types an audio or video URL's file extension allows, or undefined when the path has no
 * extension we know (a URL such as `…/episode?id=7` says nothing; its declared type stands).
 */
export function mediaTypesOfUrl(url: string): readonly string[] | undefined {
  return byUrlExtension(TYPES_BY_EXTENSION, url);
}

export function mediaKindOf(type: string): MediaKind | undefined {
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return undefined;
}
