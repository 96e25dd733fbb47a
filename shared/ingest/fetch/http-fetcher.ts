import type { IncomingMessage } from 'node:http';
import { IngestError } from '../ingest-error.ts';
import type { AddressPolicy } from './address-policy.ts';
import {
  FetchTimeoutError,
  HttpStatusError,
  NetworkError,
  RedirectLoopError,
  TooManyRedirectsError,
  UnsupportedSchemeError,
  BodyTooLargeError,
} from './fetch-errors.ts';
import { FetchDeadline } from './fetch-deadline.ts';
import { destroyAgents, guardedAgents, type GuardedAgents, type HostResolver } from './guarded-connector.ts';
import { HostLimiter } from './host-limiter.ts';
import { readLimitedBody } from './limited-body.ts';
import { discardBody, responseHeader, sendRequest } from './send-request.ts';

/** Validators from the last 200, sent back byte for byte (RFC 9110 sections 13.1.2 and 13.1.3). */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface FetchRequest {
  url: string;
  validators: Validators;
}

/** Response headers the scheduler and decoder need. */
export interface ResponseFacts {
  status: number;
  etag?: string;
  lastModified?: string;
  cacheControl?: string;
  expires?: string;
  date?: string;
  /** RFC 8288 `Link`, read for WebSub hub discovery. */
  link?: string;
}

/** The final response of a fetch, before redirects are accounted for. */
export type FinalResponse =
  | ({ kind: 'not-modified' } & ResponseFacts)
  | ({ kind: 'fetched'; body: Buffer; contentType?: string } & ResponseFacts);

export type FetchResult = FinalResponse & {
  /** The URL that finally answered, after redirects. */
  finalUrl: string;
  /**
   * The URL to store from now on: the target of the last permanent redirect (301/308) in an
   * unbroken run of permanent redirects from the start; a temporary hop ends the run.
   */
  permanentUrl?: string;
};

export interface HttpFetcherOptions {
  userAgent: string;
  /** The whole fetch: every redirect hop's connection, headers and body together (`FetchDeadline`). */
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  policy: AddressPolicy;
  /** Tests simulate DNS (rebinding, internal names) with this. */
  resolver?: HostResolver;
}

export const DEFAULT_MAX_REDIRECTS = 5;

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECTS = new Set([301, 308]);
/** Of a redirect's or an error's body, read this much to keep the connection; past it, close. */
const DISCARDED_BODY_LIMIT = 64 * 1024;

/**
 * Fetches one feed the way a considerate reader does: conditional GET, compression, a bounded
 * body, one deadline for the whole fetch, manual redirects (each hop checked against the address
 * policy), a per-host limit on concurrent requests and a descriptive User-Agent. It knows nothing
 * of feeds or tables.
 *
 * @example
 * const fetcher = new HttpFetcher({ userAgent, timeoutMs: 20_000, maxBodyBytes: 5e6, maxRedirects: 5, perHostConcurrency: 2, policy });
 * const result = await fetcher.fetch({ url, validators: { etag: '"abc"' } });
 */
export class HttpFetcher {
  private readonly agents: GuardedAgents;
  private readonly hosts: HostLimiter;

  constructor(private readonly options: HttpFetcherOptions) {
    this.agents = guardedAgents({ policy: options.policy, resolver: options.resolver });
    this.hosts = new HostLimiter(options.perHostConcurrency);
  }

  async fetch(fetchRequest: FetchRequest): Promise<FetchResult> {
    try {
      return await this.follow(fetchRequest);
    } catch (error) {
      if (error instanceof IngestError) throw error;
      throw new NetworkError(fetchRequest.url, error);
    }
  }

  async close(): Promise<void> {
    destroyAgents(this.agents);
  }

  private async follow(fetchRequest: FetchRequest): Promise<FetchResult> {
    const deadline = new FetchDeadline(this.options.timeoutMs);
    const chain = [fetchRequest.url];
    let url = parseHttpUrl(fetchRequest.url);
    let permanentUrl: string | undefined;
    let permanentRun = true;
    for (let hop = 0; ; hop += 1) {
      const hopUrl = url;
      const outcome = await this.hosts.run(hopUrl.hostname, () => this.timedExchange(hopUrl, fetchRequest.validators, deadline));
      if (outcome.kind === 'redirect') {
        if (hop >= this.options.maxRedirects) throw new TooManyRedirectsError(fetchRequest.url, this.options.maxRedirects);
        const next = parseHttpUrl(new URL(outcome.location, url).href);
        if (chain.includes(next.href)) throw new RedirectLoopError([...chain, next.href]);
        chain.push(next.href);
        permanentRun &&= PERMANENT_REDIRECTS.has(outcome.status);
        if (permanentRun) permanentUrl = next.href;
        url = next;
        continue;
      }
      return { ...outcome.result, finalUrl: url.href, ...(permanentUrl ? { permanentUrl } : {}) };
    }
  }

  /**
   * One hop on the fetch's deadline, started once the host's slot is held. An abort surfaces as
   * whatever the request or body stream was doing; only the size limit's verdict outranks it.
   */
  private async timedExchange(url: URL, validators: Validators, deadline: FetchDeadline): ReturnType<HttpFetcher['exchange']> {
    try {
      return await deadline.hop((signal) => this.exchange(url, validators, signal));
    } catch (error) {
      if (deadline.expired && !(error instanceof BodyTooLargeError)) throw new FetchTimeoutError(url.href, this.options.timeoutMs, deadline.elapsedMs, deadline.hops);
      throw error;
    }
  }

  /** One request and response; the caller holds the host's slot for its whole duration. */
  private async exchange(
    url: URL,
    validators: Validators,
    signal: AbortSignal,
  ): Promise<{ kind: 'redirect'; status: number; location: string } | { kind: 'final'; result: FinalResponse }> {
    const response = await sendRequest(url, { method: 'GET', headers: requestHeaders(this.options.userAgent, validators), signal }, this.agents);
    const status = response.statusCode ?? 0;
    const location = responseHeader(response, 'location');
    if (REDIRECT_STATUSES.has(status) && location) {
      await discardBody(response, DISCARDED_BODY_LIMIT);
      return { kind: 'redirect', status, location };
    }
    const facts = responseFacts(status, response);
    if (status === 304) {
      await discardBody(response);
      return { kind: 'final', result: { kind: 'not-modified', ...facts } };
    }
    if (status !== 200) {
      await discardBody(response, DISCARDED_BODY_LIMIT);
      throw new HttpStatusError(status, url.href, responseHeader(response, 'retry-after'));
    }
    const declared = Number(responseHeader(response, 'content-length'));
    if (Number.isFinite(declared) && declared > this.options.maxBodyBytes) {
      response.destroy();
      throw new BodyTooLargeError(url.href, this.options.maxBodyBytes, 'declared');
    }
    const body = await readLimitedBody(response, responseHeader(response, 'content-encoding'), this.options.maxBodyBytes, url.href, signal);
    return {
      kind: 'final',
      result: { kind: 'fetched', ...facts, body, ...optional('contentType', responseHeader(response, 'content-type')) },
    };
  }
}

function requestHeaders(userAgent: string, validators: Validators): Record<string, string> {
  return {
    'user-agent': userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
    ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
    ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
  };
}

function responseFacts(status: number, response: IncomingMessage): ResponseFacts {
  return {
    status,
    ...optional('etag', responseHeader(response, 'etag')),
    ...optional('lastModified', responseHeader(response, 'last-modified')),
    ...optional('cacheControl', responseHeader(response, 'cache-control')),
    ...optional('expires', responseHeader(response, 'expires')),
    ...optional('date', responseHeader(response, 'date')),
    ...optional('link', responseHeader(response, 'link')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function parseHttpUrl(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new UnsupportedSchemeError(href);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsupportedSchemeError(href);
  url.hash = '';
  return url;
}
