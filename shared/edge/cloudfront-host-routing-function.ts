import { SITE_INDEX_KEY } from '../site/site-keys.ts';
import { objectPrefixByHost, type PublicationHostnames } from './publication-hostnames.ts';

/** CloudFront refuses a function whose code is larger than this. */
export const CLOUDFRONT_FUNCTION_MAX_BYTES = 10_240;

export class HostRoutingFunctionTooLargeError extends Error {
  override readonly name = 'HostRoutingFunctionTooLargeError';
  constructor(
    readonly bytes: number,
    readonly hostCount: number,
  ) {
    super(`the host routing function for ${hostCount} host names is ${bytes} bytes; CloudFront takes at most ${CLOUDFRONT_FUNCTION_MAX_BYTES}`);
  }
}

/**
 * The viewer-request CloudFront Function (runtime cloudfront-js-2.0) that does what
 * `routeRequestByHost` does, with the host map written into its code. Plain ES5 on purpose: the
 * runtime has only some of the later syntax, and this way none of it is needed. The tests run the
 * generated code in node:vm against the same cases as `routeRequestByHost`.
 *
 * Query strings and headers are left untouched (the handler only rewrites `uri`), and the path is
 * rewritten before the cache lookup, so the cache key already tells publications apart.
 */
export function cloudFrontFunctionSource(hostnames: PublicationHostnames): string {
  const prefixes = Object.fromEntries(objectPrefixByHost(hostnames));
  const source = `var OBJECT_PREFIX_BY_HOST = ${JSON.stringify(prefixes)};
var INDEX_KEY = ${JSON.stringify(SITE_INDEX_KEY)};

function handler(event) {
  var request = event.request;
  var hostHeader = request.headers.host;
  var prefix = hostHeader ? objectPrefixOf(hostHeader.value) : undefined;
  if (prefix === undefined) return request;
  if (!staysInPrefix(request.uri)) return { statusCode: 400, statusDescription: 'Bad Request' };
  request.uri = '/' + prefix + (request.uri === '/' ? INDEX_KEY : request.uri.slice(1));
  return request;
}

function objectPrefixOf(hostHeader) {
  var host = String(hostHeader).toLowerCase().replace(/:\\d*$/, '').replace(/\\.$/, '');
  return Object.prototype.hasOwnProperty.call(OBJECT_PREFIX_BY_HOST, host) ? OBJECT_PREFIX_BY_HOST[host] : undefined;
}

function staysInPrefix(uri) {
  if (uri.charAt(0) !== '/') return false;
  var path;
  try {
    path = decodeURIComponent(uri);
  } catch (malformed) {
    return false;
  }
  if (path.indexOf('\\\\') !== -1 || path.indexOf('\\u0000') !== -1) return false;
  var segments = path.split('/');
  for (var i = 0; i < segments.length; i++) {
    if (segments[i] === '.' || segments[i] === '..') return false;
  }
  return true;
}
`;
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > CLOUDFRONT_FUNCTION_MAX_BYTES) throw new HostRoutingFunctionTooLargeError(bytes, Object.keys(prefixes).length);
  return source;
}
