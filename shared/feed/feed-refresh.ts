/**
 * How often readers should come back, derived from the Cache-Control the feeds are served with, so
 * RSS `ttl` and `sy:updatePeriod` never promise fresher data than the CDN will hand out.
 */
export interface FeedRefresh {
  /** RSS `<ttl>`: minutes a reader may cache the document. */
  ttlMinutes: number;
  /** `sy:updatePeriod` and `sy:updateFrequency`: how many updates per period to expect at most. */
  period: 'hourly' | 'daily';
  frequency: number;
}

const MAX_AGE = /(?:^|[\s,])max-age=(\d+)/i;
const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 1440;

/** Minutes in a Cache-Control's `max-age`, rounded up, at least 1; undefined without max-age. */
export function ttlMinutesOf(cacheControl: string): number | undefined {
  const seconds = MAX_AGE.exec(cacheControl)?.[1];
  if (seconds === undefined) return undefined;
  return Math.max(1, Math.ceil(Number(seconds) / 60));
}

export function feedRefreshOf(ttlMinutes: number): FeedRefresh {
  if (ttlMinutes <= MINUTES_PER_HOUR) {
    return { ttlMinutes, period: 'hourly', frequency: Math.max(1, Math.floor(MINUTES_PER_HOUR / ttlMinutes)) };
  }
  return { ttlMinutes, period: 'daily', frequency: Math.max(1, Math.floor(MINUTES_PER_DAY / ttlMinutes)) };
}
