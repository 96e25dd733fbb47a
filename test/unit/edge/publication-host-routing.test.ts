import { runInNewContext } from 'node:vm';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  CLOUDFRONT_FUNCTION_MAX_BYTES,
  HostRoutingFunctionTooLargeError,
  cloudFrontFunctionSource,
} from '../../../shared/edge/cloudfront-host-routing-function.ts';
import { routeRequestByHost, type HostRoute } from '../../../shared/edge/publication-host-routing.ts';
import type { PublicationHostnames } from '../../../shared/edge/publication-hostnames.ts';

const HOSTNAMES: PublicationHostnames = { fa: 'fa.feeds.example.org', ru: 'ru.feeds.example.org' };
const DISTRIBUTION_DOMAIN = 'd111111abcdef8.cloudfront.net';

interface RoutingCase {
  name: string;
  host: string | undefined;
  uri: string;
  expected: HostRoute;
}

const refused = (reason: string): HostRoute => ({ kind: 'refused', reason });
const TRAVERSAL = refused('"." or ".." path segment');

const CASES: RoutingCase[] = [
  { name: 'a publication feed', host: 'fa.feeds.example.org', uri: '/feeds/all/rss.xml', expected: { kind: 'publication', uri: '/pubs/fa/feeds/all/rss.xml' } },
  { name: 'another publication', host: 'ru.feeds.example.org', uri: '/feeds/topics/media/atom.xml', expected: { kind: 'publication', uri: '/pubs/ru/feeds/topics/media/atom.xml' } },
  { name: 'the root is the publication index page', host: 'fa.feeds.example.org', uri: '/', expected: { kind: 'publication', uri: '/pubs/fa/index.html' } },
  { name: 'upper-case host', host: 'FA.Feeds.Example.ORG', uri: '/feeds.opml', expected: { kind: 'publication', uri: '/pubs/fa/feeds.opml' } },
  { name: 'host with a port', host: 'fa.feeds.example.org:443', uri: '/feeds/all/feed.json', expected: { kind: 'publication', uri: '/pubs/fa/feeds/all/feed.json' } },
  { name: 'fully qualified host with a trailing dot', host: 'fa.feeds.example.org.', uri: '/index.html', expected: { kind: 'publication', uri: '/pubs/fa/index.html' } },
  { name: 'percent-encoding kept for S3 to decode', host: 'fa.feeds.example.org', uri: '/feeds/topics/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86/rss.xml', expected: { kind: 'publication', uri: '/pubs/fa/feeds/topics/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86/rss.xml' } },
  { name: 'dots inside a segment are a name', host: 'fa.feeds.example.org', uri: '/feeds/a..b/rss.xml', expected: { kind: 'publication', uri: '/pubs/fa/feeds/a..b/rss.xml' } },
  { name: "the distribution's own domain", host: DISTRIBUTION_DOMAIN, uri: '/feeds/all/rss.xml', expected: { kind: 'unrouted' } },
  { name: "the distribution's own root", host: DISTRIBUTION_DOMAIN, uri: '/', expected: { kind: 'unrouted' } },
  { name: 'an unknown host', host: 'evil.example.net', uri: '/feeds/all/rss.xml', expected: { kind: 'unrouted' } },
  { name: 'a sub-domain of a publication host', host: 'x.fa.feeds.example.org', uri: '/', expected: { kind: 'unrouted' } },
  { name: 'no host header', host: undefined, uri: '/feeds/all/rss.xml', expected: { kind: 'unrouted' } },
  { name: 'an inherited property name as host', host: 'constructor', uri: '/', expected: { kind: 'unrouted' } },
  { name: '__proto__ as host', host: '__proto__', uri: '/', expected: { kind: 'unrouted' } },
  { name: 'traversal on an unrouted host is not ours to judge', host: DISTRIBUTION_DOMAIN, uri: '/../secret', expected: { kind: 'unrouted' } },
  { name: '/../ out of the prefix', host: 'fa.feeds.example.org', uri: '/../index.html', expected: TRAVERSAL },
  { name: 'into another publication', host: 'fa.feeds.example.org', uri: '/../ru/feeds/all/rss.xml', expected: TRAVERSAL },
  { name: 'to the default publication', host: 'fa.feeds.example.org', uri: '/feeds/../../../feeds/all/rss.xml', expected: TRAVERSAL },
  { name: 'encoded dots', host: 'fa.feeds.example.org', uri: '/%2e%2e/index.html', expected: TRAVERSAL },
  { name: 'upper-case encoded dots', host: 'fa.feeds.example.org', uri: '/feeds/%2E%2E/%2E%2E/index.html', expected: TRAVERSAL },
  { name: 'encoded slash and dots', host: 'fa.feeds.example.org', uri: '/feeds%2f..%2f..%2findex.html', expected: TRAVERSAL },
  { name: 'a single dot segment', host: 'fa.feeds.example.org', uri: '/./feeds/all/rss.xml', expected: TRAVERSAL },
  { name: 'a trailing dot-dot', host: 'fa.feeds.example.org', uri: '/feeds/..', expected: TRAVERSAL },
  { name: 'a backslash', host: 'fa.feeds.example.org', uri: '/..\\index.html', expected: refused('backslash or NUL in the path') },
  { name: 'an encoded backslash', host: 'fa.feeds.example.org', uri: '/..%5cindex.html', expected: refused('backslash or NUL in the path') },
  { name: 'an encoded NUL', host: 'fa.feeds.example.org', uri: '/feeds/all/rss.xml%00', expected: refused('backslash or NUL in the path') },
  { name: 'malformed percent-encoding', host: 'fa.feeds.example.org', uri: '/feeds/%E0%A4%A', expected: refused('malformed percent-encoding') },
  { name: 'a relative path', host: 'fa.feeds.example.org', uri: 'feeds/all/rss.xml', expected: refused('path does not start with "/"') },
];

type CloudFrontResult = { uri?: string; querystring?: unknown; headers?: unknown; statusCode?: number; statusDescription?: string };

/** A viewer-request event as CloudFront hands it to a cloudfront-js-2.0 function. */
function viewerRequestEvent(host: string | undefined, uri: string) {
  const headers: Record<string, { value: string }> = { accept: { value: 'application/rss+xml' } };
  if (host !== undefined) headers.host = { value: host };
  return {
    version: '1.0',
    context: { distributionDomainName: DISTRIBUTION_DOMAIN, distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-request', requestId: 'r-1' },
    viewer: { ip: '198.51.100.7' },
    request: {
      method: 'GET',
      uri,
      querystring: { utm_source: { value: 'newsletter' }, page: { value: '2', multiValue: [{ value: '2' }, { value: '3' }] } },
      headers,
      cookies: {},
    },
  };
}

/** Runs the generated code as CloudFront would: in a bare context, the `handler` it defines. */
function runCloudFrontFunction(source: string, event: ReturnType<typeof viewerRequestEvent>): CloudFrontResult {
  const handler = runInNewContext(`${source}\nhandler;`, {}) as (event: unknown) => CloudFrontResult;
  return handler(event);
}

describe('routeRequestByHost', () => {
  it.each(CASES)('$name', ({ host, uri, expected }) => {
    expect(routeRequestByHost(HOSTNAMES, { host, uri })).toEqual(expected);
  });

  it('routes nothing when no publication has a host name', () => {
    expect(routeRequestByHost({}, { host: 'fa.feeds.example.org', uri: '/' })).toEqual({ kind: 'unrouted' });
  });
});

describe('the generated CloudFront Function', () => {
  const source = cloudFrontFunctionSource(HOSTNAMES);

  it.each(CASES)('does what routeRequestByHost does: $name', ({ host, uri, expected }) => {
    const event = viewerRequestEvent(host, uri);
    const original = structuredClone(event.request);
    const result = runCloudFrontFunction(source, event);
    if (expected.kind === 'refused') {
      expect(result).toEqual({ statusCode: 400, statusDescription: 'Bad Request' });
      return;
    }
    const uriAfter = expected.kind === 'publication' ? expected.uri : uri;
    expect(result).toEqual({ ...original, uri: uriAfter });
  });

  it('keeps the query string and every header as they came', () => {
    const event = viewerRequestEvent('fa.feeds.example.org', '/feeds/all/rss.xml');
    const result = runCloudFrontFunction(source, event);
    expect(result.querystring).toEqual({ utm_source: { value: 'newsletter' }, page: { value: '2', multiValue: [{ value: '2' }, { value: '3' }] } });
    expect(result.headers).toEqual({ accept: { value: 'application/rss+xml' }, host: { value: 'fa.feeds.example.org' } });
  });

  it('is plain ES5, which the cloudfront-js-2.0 runtime runs whatever later syntax it lacks', () => {
    // esbuild rewrites later syntax for an ES5 target (or refuses it): unchanged output means none.
    const asEs5 = transformSync(source, { target: 'es5', loader: 'js' }).code;
    const asIs = transformSync(source, { target: 'esnext', loader: 'js' }).code;
    expect(asEs5).toBe(asIs);
    expect(() => transformSync('const routed = (uri) => `/pubs${uri}`;', { target: 'es5', loader: 'js' })).toThrow(/not supported/);
  });

  it('defines handler(event) at the top level and nothing that reaches outside the runtime', () => {
    expect(source).toMatch(/^function handler\(event\) \{$/m);
    expect(source).not.toMatch(/\b(require|import|process|console)\b/);
  });

  it('refuses to exceed the size CloudFront takes, naming both figures', () => {
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`service-${index}`, `service-${index}.feeds.example.org`]));
    expect(() => cloudFrontFunctionSource(many)).toThrow(HostRoutingFunctionTooLargeError);
    expect(() => cloudFrontFunctionSource(many)).toThrow(new RegExp(`400 host names is \\d+ bytes; CloudFront takes at most ${CLOUDFRONT_FUNCTION_MAX_BYTES}`));
    const sixty = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`service-${index}`, `service-${index}.feeds.example.org`]));
    expect(Buffer.byteLength(cloudFrontFunctionSource(sixty))).toBeLessThanOrEqual(CLOUDFRONT_FUNCTION_MAX_BYTES);
  });
});
