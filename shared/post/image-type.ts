import { byUrlExtension } from './url-extension.ts';

/**
 * Image MIME types as feeds must state them. Readers pick a renderer by the declared type, so a
 * `.png` declared `image/jpeg`, or the unregistered `image/jpg`, shows as a broken image in some.
 */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** Common misspellings that name a registered type. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/svg': 'image/svg+xml',
};

/**
 * The type an image URL's file extension implies, or undefined when the path has none we know.
 * A relative URL counts too: a partner feed's image links are resolved only after parsing.
 */
export function imageTypeOfUrl(url: string): string | undefined {
  return byUrlExtension(TYPES_BY_EXTENSION, url);
}

/** A declared type in its registered spelling: lower case, aliases replaced. */
export function canonicalImageType(type: string): string {
  const lower = type.trim().toLowerCase();
  return TYPE_ALIASES[lower] ?? lower;
}
