import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { FeedId } from '../feed/feed-id.ts';
import type { FeedMembershipStore } from '../store/feed-membership-store.ts';
import type { EventLog } from '../log/event-log.ts';
import { DURATION_METRICS, NO_METRICS, type PipelineMetrics } from '../observability/pipeline-metrics.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { parseStreamRecord, type PostChange } from './stream/post-change.ts';
import { planMembership, type MembershipPlan } from './plan/membership-plan.ts';
import type { FeedPublisher, FeedPublishResult } from './feed-publisher.ts';
import { errorFields } from '../errors/error-description.ts';

export interface StreamBatchProcessorOptions {
  memberships: FeedMembershipStore;
  publisher: FeedPublisher;
  log: EventLog;
  metrics?: PipelineMetrics;
  /** Feeds regenerated at once; each regeneration is a query plus up to three PUTs (and touched archive pages). */
  concurrency?: number;
  now?: () => number;
}

export interface StreamBatchOutcome {
  response: DynamoDBBatchResponse;
  published: FeedPublishResult[];
  failedFeeds: FeedId[];
}

/**
 * The publish path for one stream batch: parse records, maintain feed membership, regenerate each
 * affected feed once, and report the records to retry. Invalid posts are logged and left out of
 * feeds; they never fail the batch, since retrying cannot fix them.
 */
export class StreamBatchProcessor {
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly metrics: PipelineMetrics;

  constructor(private readonly options: StreamBatchProcessorOptions) {
    // A regeneration mostly waits on DynamoDB and S3; eight overlap those waits in a burst batch
    // that touches every feed, without crowding a small Lambda's CPU with renders.
    this.concurrency = options.concurrency ?? 8;
    this.now = options.now ?? Date.now;
    this.metrics = options.metrics ?? NO_METRICS;
  }

  async process(records: readonly unknown[]): Promise<StreamBatchOutcome> {
    const changes = this.readChanges(records);
    const plan = planMembership(changes);
    try {
      await this.options.memberships.apply(plan.writes);
    } catch (error) {
      this.options.log.error('feed membership update failed; whole batch will be retried', {
        error: errorFields(error),
        postIds: changes.map((change) => change.postId),
      });
      return { response: failures(changes), published: [], failedFeeds: [...plan.affectedFeeds.keys()] };
    }
    return this.regenerate(plan, changes);
  }

  private readChanges(records: readonly unknown[]): PostChange[] {
    const changes: PostChange[] = [];
    for (const record of records) {
      const parsed = parseStreamRecord(record);
      if (parsed.kind === 'ignored') {
        this.options.log.debug('stream record ignored', { reason: parsed.reason });
        continue;
      }
      if (!this.owns(parsed.change)) continue;
      this.reportInvalidPost(parsed.change);
      changes.push(parsed.change);
    }
    return changes;
  }

  /** Records are routed by publication before they get here; one that slips through must not publish into these feeds. */
  private owns(change: PostChange): boolean {
    const publicationId = this.options.memberships.publicationId;
    if (change.publicationId === publicationId) return true;
    this.options.log.error("stream record of another publication reached this publication's batch; left out", {
      publicationId,
      recordPublicationId: change.publicationId,
      postId: change.postId,
      recordId: change.recordId,
    });
    return false;
  }

  private reportInvalidPost(change: PostChange): void {
    if (change.after.kind !== 'invalid') return;
    this.options.log.warn('post failed validation and is left out of feeds', {
      postId: change.postId,
      recordId: change.recordId,
      problems: change.after.error.problems,
    });
  }

  private async regenerate(plan: MembershipPlan, changes: PostChange[]): Promise<StreamBatchOutcome> {
    const affected = plan.affectedFeeds;
    const feedIds = [...affected.keys()];
    const results = await mapWithConcurrency(feedIds, this.concurrency, (feedId) =>
      this.options.publisher.publish(feedId, { kind: 'changes', sortKeys: plan.changedSortKeys.get(feedId) ?? [] }),
    );
    const failedRecordIds = new Set<string>();
    const outcome: StreamBatchOutcome = { response: { batchItemFailures: [] }, published: [], failedFeeds: [] };
    results.forEach((result, index) => {
      const feedId = feedIds[index] as FeedId;
      const recordIds = affected.get(feedId) ?? [];
      const touching = changes.filter((change) => recordIds.includes(change.recordId));
      if (result.status === 'fulfilled') {
        outcome.published.push(result.value);
        this.reportPublished(result.value, touching);
        return;
      }
      outcome.failedFeeds.push(feedId);
      recordIds.forEach((id) => failedRecordIds.add(id));
      this.options.log.error('feed regeneration failed; last good feed kept, records will be retried', {
        feedId,
        postIds: touching.map((change) => change.postId),
        error: errorFields(result.reason),
      });
    });
    outcome.response = failures(changes.filter((change) => failedRecordIds.has(change.recordId)));
    return outcome;
  }

  private reportPublished(result: FeedPublishResult, touching: PostChange[]): void {
    const writtenAt = touching.map((change) => change.writtenAt).filter((at): at is number => at !== undefined);
    const latencyMs = result.written.length > 0 && writtenAt.length > 0 ? this.now() - Math.min(...writtenAt) : undefined;
    // The record's creation time has whole-second precision in AWS (DynamoDB Local rounds it to
    // the minute), so a figure can be up to a second high; percentiles over many feeds still tell.
    if (latencyMs !== undefined) this.metrics.duration(DURATION_METRICS.syndicationLatency, Math.max(0, latencyMs));
    this.options.log.info(result.written.length > 0 ? 'feed published' : 'feed unchanged', {
      feedId: result.feedId,
      written: result.written,
      unchanged: result.unchanged,
      attempts: result.attempts,
      itemCount: result.itemCount,
      postIds: touching.map((change) => change.postId),
      syndicationLatencyMs: latencyMs,
    });
  }
}

/** Stream sources identify a record to retry by its sequence number. */
function failures(changes: PostChange[]): DynamoDBBatchResponse {
  return { batchItemFailures: changes.map((change) => ({ itemIdentifier: change.sequenceNumber })) };
}
