/** The validators a stored object carries. */
export interface ObjectValidators {
  /** Quoted entity tag, e.g. `"9b2cf535f27731c974343645a3985328"`. */
  etag?: string;
  lastModified?: Date;
}

/** The conditional headers of a GET or HEAD request, as received. */
export interface ConditionalHeaders {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g;

/**
 * Whether a GET/HEAD may be answered 304 Not Modified (RFC 9110 section 13.2.2): If-None-Match
 * decides when present (weak comparison, any tag in the list, or `*`); If-Modified-Since only
 * counts without it, and a date that does not parse is ignored.
 */
export function isNotModified(headers: ConditionalHeaders, object: ObjectValidators): boolean {
  if (headers.ifNoneMatch !== undefined) return noneMatchFails(headers.ifNoneMatch, object.etag);
  if (headers.ifModifiedSince !== undefined) return notModifiedSince(headers.ifModifiedSince, object.lastModified);
  return false;
}

function noneMatchFails(ifNoneMatch: string, etag: string | undefined): boolean {
  // `*` matches any current representation; this is only ever asked about objects that exist.
  if (ifNoneMatch.trim() === '*') return true;
  if (!etag) return false;
  const requested = ifNoneMatch.match(ENTITY_TAG) ?? [];
  return requested.some((tag) => weaklyEqual(tag, etag));
}

/** Weak comparison: the opaque tags match, whether or not either is marked weak. */
function weaklyEqual(left: string, right: string): boolean {
  return opaqueTag(left) === opaqueTag(right);
}

function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

function notModifiedSince(ifModifiedSince: string, lastModified: Date | undefined): boolean {
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since) || !lastModified) return false;
  // HTTP dates have whole seconds; the object's own date may carry milliseconds.
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
