/**
 * Where a publication lives: its table key prefix and its bucket prefix. The default publication
 * (the single site every deployment before publications served) has empty prefixes, so its keys,
 * object keys, URLs, `tag:` ids and ETags stay byte-identical and no migration is needed.
 */
export type PublicationId = string;

export const DEFAULT_PUBLICATION_ID: PublicationId = 'default';

/** Lower-case letters, digits and single hyphens: it becomes a key prefix, a folder and a host label. */
export const PUBLICATION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const PUBLICATION_ID_MAX_LENGTH = 40;

export function isDefaultPublication(publicationId: PublicationId): boolean {
  return publicationId === DEFAULT_PUBLICATION_ID;
}

/** Prefix of every table partition key the publication owns: `''` or `PUB#<id>#`. */
export function publicationKeyPrefix(publicationId: PublicationId): string {
  return isDefaultPublication(publicationId) ? '' : `PUB#${publicationId}#`;
}

/** Prefix of every bucket object the publication owns: `''` or `pubs/<id>/`. */
export function publicationObjectPrefix(publicationId: PublicationId): string {
  return isDefaultPublication(publicationId) ? '' : `pubs/${publicationId}/`;
}

/** The network directory (every publication and its feeds) lives under its own prefix. */
export const NETWORK_OBJECT_PREFIX = 'network/';
