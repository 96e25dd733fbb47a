import { SITE_INDEX_KEY } from '../site/site-keys.ts';
import { objectPrefixByHost, type PublicationHostnames } from './publication-hostnames.ts';

/** What a request is, once its Host header has been looked up. */
export type HostRoute =
  /** Not a publication's host name (the distribution's own, or any other): the path is left as it is. */
  | { kind: 'unrouted' }
  /** A publication's host name: `uri` is the path inside the bucket, under the publication's prefix. */
  | { kind: 'publication'; uri: string }
  /** A publication's host name with a path that could leave its prefix: answered 400. */
  | { kind: 'refused'; reason: string };

export interface HostRoutedRequest {
  /** The Host header as the viewer sent it, any case, with or without a port. */
  host: string | undefined;
  /** The path as the viewer sent it (still percent-encoded), without the query string. */
  uri: string;
}

/**
 * Host routing, the reference that the CloudFront Function (cloudfront-host-routing-function.ts)
 * implements in the runtime's JavaScript and the local feed server runs as is: a request to
 * `fa.feeds.example.org/feeds/all/rss.xml` reads `pubs/fa/feeds/all/rss.xml`, and `/` reads the
 * publication's `index.html` (the distribution's default root object only covers its own `/`).
 *
 * @example
 * routeRequestByHost({ fa: 'fa.feeds.example.org' }, { host: 'FA.feeds.example.org:443', uri: '/' });
 * // { kind: 'publication', uri: '/pubs/fa/index.html' }
 */
export function routeRequestByHost(hostnames: PublicationHostnames, request: HostRoutedRequest): HostRoute {
  const prefix = request.host === undefined ? undefined : objectPrefixByHost(hostnames).get(hostNameOf(request.host));
  if (prefix === undefined) return { kind: 'unrouted' };
  const escape = prefixEscape(request.uri);
  if (escape !== undefined) return { kind: 'refused', reason: escape };
  return { kind: 'publication', uri: `/${prefix}${request.uri === '/' ? SITE_INDEX_KEY : request.uri.slice(1)}` };
}

/** `FA.Feeds.example.org:8443` and `fa.feeds.example.org.` name the same host. */
export function hostNameOf(hostHeader: string): string {
  return hostHeader.toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
}

/**
 * Why a path could leave the publication's prefix, if it could: a `.` or `..` segment, plain or
 * percent-encoded (a normaliser between the edge and the bucket would walk it up into another
 * publication), a backslash (some normalisers take it for a slash) or NUL.
 */
function prefixEscape(uri: string): string | undefined {
  if (!uri.startsWith('/')) return 'path does not start with "/"';
  let path: string;
  try {
    path = decodeURIComponent(uri);
  } catch {
    return 'malformed percent-encoding';
  }
  if (path.includes('\\') || path.includes('\0')) return 'backslash or NUL in the path';
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return '"." or ".." path segment';
  return undefined;
}
