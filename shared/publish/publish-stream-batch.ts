import type { EventLog } from '../log/event-log.ts';
import type { HubNotifier } from '../websub/hub-notifier.ts';
import type { FeedPublishResult } from './feed-publisher.ts';
import type { SiteIndexPublisher } from './site/site-index-publisher.ts';
import { errorFields } from '../errors/error-description.ts';

/**
 * How long a batch waits for its WebSub pings after the feeds are written. Lambda freezes the
 * process once the handler returns, so a ping must finish or be given up within the invocation;
 * a dead hub costs a batch at most this much (the function's timeout is 60 s).
 */
export const HUB_PING_SETTLE_MS = 5_000;

/** What regenerating a batch's feeds reports: every feed published, written or unchanged. */
export interface RegeneratedFeeds {
  published: readonly FeedPublishResult[];
}

/** The parts of the publish pipeline that act once a batch's feeds are regenerated. */
export interface BatchPublishing {
  siteIndex: Pick<SiteIndexPublisher, 'publish'>;
  /** Absent when no hub is configured. */
  hubNotifier?: Pick<HubNotifier, 'settle'>;
  log: EventLog;
}

/**
 * Publishes one stream batch: regenerates its feeds, refreshes the site index when some feed was
 * written, and, whatever happened, settles the WebSub pings the writes started within
 * `HUB_PING_SETTLE_MS`. The stream handler, `dlq replay` and the test harness all go through it,
 * so a batch replayed from the dead-letter queue ends as a delivered one does.
 *
 * @example
 * const outcome = await publishStreamBatch(pipeline, () => pipeline.streamProcessor.process(event.Records));
 */
export async function publishStreamBatch<T extends RegeneratedFeeds>(publishing: BatchPublishing, regenerate: () => Promise<T>): Promise<T> {
  try {
    const regenerated = await regenerate();
    if (regenerated.published.some((result) => result.written.length > 0)) await refreshSiteIndex(publishing);
    return regenerated;
  } finally {
    await publishing.hubNotifier?.settle(HUB_PING_SETTLE_MS);
  }
}

/** A stale index page is harmless (feeds are linked by stable URLs): never fail the batch for it. */
async function refreshSiteIndex({ siteIndex, log }: BatchPublishing): Promise<void> {
  try {
    await siteIndex.publish();
  } catch (error) {
    log.warn('site index not refreshed; feeds are published', { error: errorFields(error) });
  }
}
