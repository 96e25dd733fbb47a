import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventLog } from '../log/event-log.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import type { Subscription } from '../store/subscription.ts';
import type { PollRecord } from '../store/poll-schedule-store.ts';
import { contentHashOf, type IngestWrite, type StoredItemState } from '../store/ingested-post-store.ts';
import type { Post } from '../post/post-schema.ts';
import type { PublicationId } from '../publication/publication-keys.ts';
import { decodeBody } from './decode/decode-body.ts';
import { HttpStatusError } from './fetch/fetch-errors.ts';
import type { FetchRequest, FetchResult } from './fetch/http-fetcher.ts';
import { IngestError, recordedErrorOf } from './ingest-error.ts';
import { identityKeyOf, ingestedPostId } from './normalise/item-identity.ts';
import { normaliseItem } from './normalise/normalise-item.ts';
import { parseFeed } from './parse/parse-feed.ts';
import type { ParsedFeed, ParsedItem } from './parse/parsed-feed.ts';
import { requestedLifetimeMs, retryAfterMs } from './schedule/freshness.ts';
import { nextFetchAfterError, nextFetchAfterSuccess } from './schedule/next-fetch.ts';
import { nextFetchWhilePushed } from './schedule/push-backstop.ts';
import type { ScheduleSettings } from './schedule/schedule-settings.ts';
import { discoverHub } from './websub/hub-discovery.ts';
import { isPushLive, renewalDueAt, type PushSettings } from './websub/push-lifecycle.ts';
import { type Clock, type Random } from '../time/time-sources.ts';

/** The fetcher as the poll sees it; `HttpFetcher` in production, anything alike in tests. */
export interface FeedFetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}

/** Where ingested posts go; `IngestedPostStore` in production. */
export interface IngestedPosts {
  /** Of posts in one publication's partition (the default publication's when not named). */
  states(postIds: string[], publicationId?: PublicationId): Promise<Map<string, StoredItemState>>;
  write(post: Post, contentHash: string, known: boolean): Promise<IngestWrite>;
}

/** What writing a document's items needs: the poll and WebSub content distribution share it. */
export interface DocumentIngestDependencies {
  posts: IngestedPosts;
  /** Items beyond this many (from the top of the feed) are ignored: a bound on writes per poll. */
  maxItemsPerFeed: number;
  log: EventLog;
}

export interface SubscriptionPollDependencies extends DocumentIngestDependencies {
  fetcher: FeedFetcher;
  schedule: ScheduleSettings;
  /** Set when WebSub is on: while push is live, polls relax to its backstop interval. */
  push?: PushSettings;
  clock?: Clock;
  random?: Random;
}

export interface ItemCounts {
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface SubscriptionPollResult {
  outcome: 'not-modified' | 'unchanged' | 'changed' | 'failed' | 'gone';
  record: PollRecord;
  items: ItemCounts;
}

const ITEM_WRITE_CONCURRENCY = 8;
/** Rejected items are logged one by one up to this many per poll; the rest only counted. */
const REJECTED_ITEMS_LOGGED = 5;

const NO_ITEMS: ItemCounts = { seen: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };

/**
 * One poll of one subscription: fetch → decode → parse → normalise → write, and the record of
 * how it went. It never throws: every failure becomes a `failed` (or `gone`) result carrying a
 * clear error and the next time to try, so one broken feed cannot stop the others.
 */
export async function pollSubscription(subscription: Subscription, dependencies: SubscriptionPollDependencies): Promise<SubscriptionPollResult> {
  const clock = dependencies.clock ?? (() => new Date());
  const random = dependencies.random ?? Math.random;
  const startedAt = clock();
  try {
    const response = await dependencies.fetcher.fetch({
      url: subscription.url,
      validators: { etag: subscription.etag, lastModified: subscription.lastModified },
    });
    if (response.kind === 'not-modified') {
      return success('not-modified', subscription, response, undefined, NO_ITEMS, startedAt, dependencies, random);
    }
    const { feed, items } = await ingestDocument(subscription, { body: response.body, contentType: response.contentType, url: response.finalUrl }, startedAt, dependencies);
    const outcome = items.created + items.updated > 0 ? 'changed' : 'unchanged';
    return success(outcome, subscription, response, feed, items, startedAt, dependencies, random);
  } catch (error) {
    return failure(subscription, error, startedAt, dependencies.schedule, random);
  }
}

/** A feed document as received, by a fetch or a WebSub push. */
export interface ReceivedDocument {
  body: Buffer;
  contentType?: string;
  /** Where it came from: relative links in it resolve against this. */
  url: string;
}

/**
 * decode → parse → normalise → sanitise → write, for one document of one subscription: the path
 * every ingested item takes, polled or pushed. Throws an `IngestError` when the document cannot
 * be read or none of its items make a valid post.
 */
export async function ingestDocument(
  subscription: Subscription,
  document: ReceivedDocument,
  receivedAt: Date,
  dependencies: DocumentIngestDependencies,
): Promise<{ feed: ParsedFeed; items: ItemCounts }> {
  const feed = await parseFeed(decodeBody(document.body, document.contentType).text);
  if (feed.warnings.length > 0) dependencies.log.warn('feed read with warnings', { subscriptionId: subscription.id, warnings: feed.warnings });
  const items = await writeItems(subscription, feed, document.url, receivedAt, dependencies);
  if (feed.items.length > 0 && items.rejected === items.seen) {
    throw new IngestError('no-valid-items', `none of the feed's ${items.seen} items could be made a valid post (see the log for reasons)`);
  }
  return { feed, items };
}

function success(
  outcome: 'not-modified' | 'unchanged' | 'changed',
  subscription: Subscription,
  response: FetchResult,
  feed: ParsedFeed | undefined,
  items: ItemCounts,
  startedAt: Date,
  dependencies: Pick<SubscriptionPollDependencies, 'schedule' | 'push'>,
  random: Random,
): SubscriptionPollResult {
  const now = startedAt.getTime();
  const lifetime = requestedLifetimeMs({ cacheControl: response.cacheControl, expires: response.expires, date: response.date, ttlMinutes: feed?.ttlMinutes });
  const normalNext = nextFetchAfterSuccess(now, lifetime, dependencies.schedule, random);
  const pushed = dependencies.push !== undefined && isPushLive(subscription.push, now, dependencies.push);
  const nextFetch = pushed && dependencies.push ? nextFetchWhilePushed(now, normalNext, dependencies.push.backstopMs, renewalDueAt(subscription.push), random) : normalNext;
  const record: PollRecord = {
    kind: 'success',
    at: startedAt.toISOString(),
    status: response.status,
    nextFetchAt: new Date(nextFetch).toISOString(),
    // RFC 9110 section 15.4.5: a 304 may update the validators; absent ones keep the stored values.
    ...(response.etag !== undefined ? { etag: response.etag } : {}),
    ...(response.lastModified !== undefined ? { lastModified: response.lastModified } : {}),
    ...(response.permanentUrl !== undefined && response.permanentUrl !== subscription.url ? { url: response.permanentUrl } : {}),
    ...(feed?.title !== undefined && subscription.title === undefined ? { title: feed.title } : {}),
    ...(feed === undefined ? {} : { itemsWritten: items.created + items.updated, hub: discoverHub(feed, response.link, response.finalUrl) ?? null }),
  };
  return { outcome, record, items };
}

function failure(subscription: Subscription, error: unknown, startedAt: Date, schedule: ScheduleSettings, random: Random): SubscriptionPollResult {
  const recorded = recordedErrorOf(error, 'network');
  const at = startedAt.toISOString();
  // RFC 9110 section 15.5.11: 410 Gone is permanent; stop polling until someone enables it again.
  if (error instanceof HttpStatusError && error.status === 410) {
    return { outcome: 'gone', record: { kind: 'gone', at, error: recorded }, items: NO_ITEMS };
  }
  const consecutiveErrors = subscription.consecutiveErrors + 1;
  const retryAfter =
    error instanceof HttpStatusError && (error.status === 429 || error.status === 503)
      ? retryAfterMs(error.retryAfter, undefined, startedAt.getTime())
      : undefined;
  const nextFetchAt = new Date(nextFetchAfterError(startedAt.getTime(), consecutiveErrors, retryAfter, schedule, random)).toISOString();
  return { outcome: 'failed', record: { kind: 'failure', at, error: recorded, nextFetchAt, consecutiveErrors }, items: NO_ITEMS };
}

/**
 * Items are identified first (cheap), their stored state read in one batch, then each is
 * normalised and written only if its hash differs. Duplicates inside one document (same
 * identity) are written once: the first occurrence wins, as feeds list newest first.
 */
async function writeItems(
  subscription: Subscription,
  feed: ParsedFeed,
  documentUrl: string,
  fetchedAt: Date,
  dependencies: DocumentIngestDependencies,
): Promise<ItemCounts> {
  const identified = uniqueByPostId(feed.items.slice(0, dependencies.maxItemsPerFeed), subscription.id, documentUrl);
  const states = await dependencies.posts.states(identified.map((entry) => entry.postId), subscription.publication);
  const counts: ItemCounts = { ...NO_ITEMS, seen: identified.length };
  const source = {
    subscriptionId: subscription.id,
    feedUrl: subscription.url,
    documentUrl,
    title: subscription.title,
    topics: subscription.topics,
    publication: subscription.publication,
  };
  const results = await mapWithConcurrency(identified, ITEM_WRITE_CONCURRENCY, async ({ item, postId }) => {
    // Normalising is synchronous CPU work: a turn of the event loop before each item lets the
    // other subscriptions of the run make progress between a large feed's items.
    await nextTurn();
    const known = states.get(postId);
    const normalised = normaliseItem(item, { source, feed, postId, fetchedAt: fetchedAt.toISOString(), knownPublishedAt: known?.publishedAt });
    if (!normalised.ok) {
      if (counts.rejected < REJECTED_ITEMS_LOGGED) {
        dependencies.log.warn('feed item rejected', { subscriptionId: subscription.id, postId, kind: normalised.kind, reason: normalised.reason });
      }
      counts.rejected += 1;
      return;
    }
    const hash = contentHashOf(normalised.post);
    const written = known?.contentHash === hash ? 'unchanged' : await dependencies.posts.write(normalised.post, hash, known !== undefined);
    counts[written] += 1;
  });
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw new IngestError('store', `writing items failed: ${(failed.reason as Error).message}`, { cause: failed.reason });
  return counts;
}

function uniqueByPostId(items: ParsedItem[], subscriptionId: string, documentUrl: string): { item: ParsedItem; postId: string }[] {
  const seen = new Set<string>();
  const unique: { item: ParsedItem; postId: string }[] = [];
  for (const item of items) {
    const postId = ingestedPostId(subscriptionId, identityKeyOf(item, documentUrl));
    if (seen.has(postId)) continue;
    seen.add(postId);
    unique.push({ item, postId });
  }
  return unique;
}
