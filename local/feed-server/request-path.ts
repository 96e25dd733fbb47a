/** What a request path asks for: the index page, a bucket object, or nothing servable. */
export type RequestTarget = { kind: 'index' } | { kind: 'object'; key: string } | { kind: 'invalid'; reason: string };

/**
 * Maps a URL path to an object key the way CloudFront's S3 origin does (`/feeds/all/rss.xml` is
 * `feeds/all/rss.xml`). The path is decoded once, as a whole, before it is judged: the emulator
 * stores objects as files, so an encoded `/` (`%2f`) is a separator there too, and `..%2f..`
 * must not walk out of the bucket's folder. Empty, `.` and `..` segments are refused (S3 would
 * take them literally, the file system would not), which leaves nothing to normalise; so is NUL,
 * which no file name may hold.
 */
export function requestTarget(pathname: string): RequestTarget {
  if (pathname === '/') return { kind: 'index' };
  let key: string;
  try {
    key = decodeURIComponent(pathname.replace(/^\//, ''));
  } catch {
    return { kind: 'invalid', reason: 'malformed percent-encoding' };
  }
  if (key.includes('\0')) return { kind: 'invalid', reason: 'NUL character' };
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return { kind: 'invalid', reason: 'empty, "." or ".." path segment' };
  }
  return { kind: 'object', key };
}
