/** What a request path asks for: the index page, a bucket object, or nothing servable. */
export type RequestTarget = { kind: 'index' } | { kind: 'object'; key: string } | { kind: 'invalid'; reason: string };

/**
 * Maps a URL path to an object key the way CloudFront's S3 origin does (`/feeds/all/rss.xml` is
 * `feeds/all/rss.xml`). Empty, `.` and `..` segments are refused: S3 would take them literally,
 * but the emulator stores objects as files and must not be walked out of its folder.
 */
export function requestTarget(pathname: string): RequestTarget {
  if (pathname === '/') return { kind: 'index' };
  const segments = pathname.replace(/^\//, '').split('/');
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { kind: 'invalid', reason: 'malformed percent-encoding' };
  }
  if (decoded.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return { kind: 'invalid', reason: 'empty, "." or ".." path segment' };
  }
  return { kind: 'object', key: decoded.join('/') };
}
