/** What a response and its feed say about how long they stay fresh, in milliseconds. */
export interface FreshnessHints {
  cacheControl?: string;
  expires?: string;
  date?: string;
  /** RSS `<ttl>` in minutes. */
  ttlMinutes?: number;
}

/**
 * The longest of the lifetimes the publisher asked for: Cache-Control max-age (RFC 9111 section
 * 5.2.2.1), else Expires minus Date (section 4.2.1), and the RSS ttl. `no-cache`/`no-store` ask
 * for nothing beyond our own interval.
 */
export function requestedLifetimeMs(hints: FreshnessHints): number {
  const ttl = hints.ttlMinutes !== undefined && hints.ttlMinutes > 0 ? hints.ttlMinutes * 60_000 : 0;
  return Math.max(ttl, httpLifetimeMs(hints));
}

function httpLifetimeMs(hints: FreshnessHints): number {
  const directives = (hints.cacheControl ?? '').toLowerCase();
  if (/(^|[\s,])(no-store|no-cache)([\s,=]|$)/.test(directives)) return 0;
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d+)"?/.exec(directives)?.[1];
  if (maxAge !== undefined) return Number(maxAge) * 1000;
  if (hints.expires === undefined) return 0;
  const expires = Date.parse(hints.expires);
  const date = hints.date === undefined ? Number.NaN : Date.parse(hints.date);
  if (Number.isNaN(expires) || Number.isNaN(date)) return 0;
  return Math.max(0, expires - date);
}

/**
 * Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. A date is measured
 * against the response's own Date header when there is one, so clock skew between us and the
 * server does not distort it.
 */
export function retryAfterMs(retryAfter: string | undefined, responseDate: string | undefined, now: number): number | undefined {
  const value = retryAfter?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const reference = responseDate === undefined || Number.isNaN(Date.parse(responseDate)) ? now : Date.parse(responseDate);
  return Math.max(0, at - reference);
}
