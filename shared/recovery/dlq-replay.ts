import type { DynamoDBRecord } from 'aws-lambda';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import type { FeedId } from '../feed/feed-id.ts';
import type { PostValidationError } from '../post/post-validation.ts';
import type { FeedPublishResult } from '../publish/feed-publisher.ts';
import { publishStreamBatch } from '../publish/publish-stream-batch.ts';
import { isDefaultPublication, type PublicationId } from '../publication/publication-keys.ts';
import type { FeedFailure, RebuildReport } from './feed-rebuild.ts';
import { membershipsOfPost, type MembershipRef } from './membership-reconciler.ts';
import type { NetworkRecovery } from './network-recovery.ts';
import type { PublicationRecovery } from './recovery-pipeline.ts';
import { parseStreamRecord, type PostChange, type PostState } from '../publish/stream/post-change.ts';
import { parseFailedBatchMessage, UnreadableFailedBatchError, type StreamBatchInfo } from './failed-batch-message.ts';
import type { FailedBatchQueue, QueuedFailedBatch } from './failed-batch-queue.ts';
import { StreamRangeExpiredError, StreamRangeIncompleteError } from './stream-range-reader.ts';
import { errorFields } from '../errors/error-description.ts';

/** Reads a failed batch's records back from the stream (StreamRangeReader in practice). */
export interface FailedBatchRecords {
  read(batch: StreamBatchInfo): Promise<DynamoDBRecord[]>;
}

export interface DlqReplayParts {
  queue: FailedBatchQueue;
  records: FailedBatchRecords;
  /** Each publication's pipeline, reconciler and rebuild, with its own site. */
  publications: Pick<NetworkRecovery, 'recoveryOf' | 'publicationIds'>;
  /** Messages handled in one run at most. */
  maxMessages?: number;
  concurrency?: number;
}

export type MessageOutcome =
  /** Records re-read, feeds regenerated: the message was removed. */
  /** `postIds` and `feeds` name another publication's as `fa/<postId>` and `fa:<feedId>`. */
  | { kind: 'replayed'; messageId: string; batch: StreamBatchInfo; records: number; postIds: string[]; invalidPosts: PostValidationError[]; feeds: FeedPublishResult[] }
  /** Records gone from the stream; a full rebuild stood in for them (removed if it succeeded). */
  | { kind: 'expired'; messageId: string; batch: StreamBatchInfo; reason: string; rebuilt: boolean }
  /** Some feed still failed: the message stays for the next run. */
  | { kind: 'failed'; messageId: string; reason: string; failedFeeds: FeedId[] }
  /** Not an on-failure message: left in the queue for a human to look at. */
  | { kind: 'unreadable'; messageId: string; reason: string };

/** One replayed batch's feeds, and the posts its re-read found invalid (in no feed). */
interface RegeneratedBatch {
  published: FeedPublishResult[];
  failed: FeedFailure[];
  invalidPosts: PostValidationError[];
}

/** One publication's rebuild standing in for expired records, or why it could not run. */
export type PublicationRebuild = { publicationId: PublicationId; report: RebuildReport } | { publicationId: PublicationId; error: Record<string, unknown> };

export interface DlqReplayReport {
  outcomes: MessageOutcome[];
  /** Present when some message's records had left the stream: every publication was rebuilt. */
  rebuilds?: PublicationRebuild[];
}

const DEFAULT_MAX_MESSAGES = 1000;

/**
 * Re-drives the stream mapping's dead-letter queue. Each message names a shard and a sequence
 * range; the records are re-read from the stream (24 h retention) and tell which posts and feeds
 * the dropped batch touched. Their membership is then re-derived from the posts' *current*
 * items, not from the records' images: replaying an old image after a newer change of the same
 * post went through would roll its feeds back. So replay is idempotent and order-independent,
 * and a message is removed only once every affected feed is published.
 *
 * When the records have left the stream, nothing says which posts they were: one `rebuild --all`
 * stands in for every such message of the run (correct whatever the lost records were, at the
 * cost of one table scan), and those messages are removed once it succeeds.
 */
export class DlqReplay {
  private readonly maxMessages: number;
  private readonly concurrency: number;

  constructor(private readonly parts: DlqReplayParts) {
    this.maxMessages = parts.maxMessages ?? DEFAULT_MAX_MESSAGES;
    this.concurrency = parts.concurrency ?? 4;
  }

  async run(): Promise<DlqReplayReport> {
    const outcomes: MessageOutcome[] = [];
    const expired: QueuedFailedBatch[] = [];
    const seen = new Set<string>();
    while (outcomes.length < this.maxMessages) {
      const fresh = (await this.parts.queue.receive()).filter((message) => !seen.has(message.id));
      if (fresh.length === 0) break;
      for (const message of fresh.slice(0, this.maxMessages - outcomes.length)) {
        seen.add(message.id);
        const outcome = await this.replayKeepingFailures(message);
        if (outcome.kind === 'replayed') await this.parts.queue.remove(message);
        if (outcome.kind === 'expired') expired.push(message);
        outcomes.push(outcome);
      }
    }
    if (expired.length === 0) return { outcomes };
    return { outcomes, rebuilds: await this.rebuildFor(expired, outcomes) };
  }

  /** One message's trouble (throttling, a malformed range) must not stop the others. */
  private async replayKeepingFailures(message: QueuedFailedBatch): Promise<MessageOutcome> {
    try {
      return await this.replay(message);
    } catch (error) {
      return { kind: 'failed', messageId: message.id, reason: JSON.stringify(errorFields(error)), failedFeeds: [] };
    }
  }

  private async replay(message: QueuedFailedBatch): Promise<MessageOutcome> {
    let batch: StreamBatchInfo;
    try {
      batch = parseFailedBatchMessage(message.body).DDBStreamBatchInfo;
    } catch (error) {
      if (!(error instanceof UnreadableFailedBatchError)) throw error;
      return { kind: 'unreadable', messageId: message.id, reason: error.message };
    }
    let records: DynamoDBRecord[];
    try {
      records = await this.parts.records.read(batch);
    } catch (error) {
      if (!(error instanceof StreamRangeExpiredError || error instanceof StreamRangeIncompleteError)) throw error;
      return { kind: 'expired', messageId: message.id, batch, reason: error.message, rebuilt: false };
    }
    return this.republish(message.id, batch, records);
  }

  /**
   * Published as the stream handler publishes a batch: the site index is refreshed when a feed
   * was written (even if another failed) and the hub pings are settled before the next message.
   */
  private async republish(messageId: string, batch: StreamBatchInfo, records: DynamoDBRecord[]): Promise<MessageOutcome> {
    const changes = records.flatMap((record) => {
      const parsed = parseStreamRecord(record);
      return parsed.kind === 'post' ? [parsed.change] : [];
    });
    const regenerated: RegeneratedBatch = { published: [], failed: [], invalidPosts: [] };
    for (const [publicationId, publicationChanges] of byPublication(changes)) {
      const batchOfPublication = await this.republishPublication(publicationId, publicationChanges);
      regenerated.published.push(...batchOfPublication.published);
      regenerated.failed.push(...batchOfPublication.failed);
      regenerated.invalidPosts.push(...batchOfPublication.invalidPosts);
    }
    const postIds = [...new Set(changes.map((change) => label(change.publicationId, change.postId, '/')))];
    const firstFailure = regenerated.failed[0];
    if (firstFailure) return { kind: 'failed', messageId, reason: JSON.stringify(firstFailure.error), failedFeeds: regenerated.failed.map((failure) => failure.feedId) };
    return { kind: 'replayed', messageId, batch, records: records.length, postIds, invalidPosts: regenerated.invalidPosts, feeds: regenerated.published };
  }

  /** A publication whose settings are unusable keeps the message in the queue, its feeds named failing as `<id>:*`. */
  private async republishPublication(publicationId: PublicationId, changes: PostChange[]): Promise<RegeneratedBatch> {
    let recovery: PublicationRecovery;
    try {
      recovery = await this.parts.publications.recoveryOf(publicationId);
    } catch (error) {
      return { published: [], failed: [{ feedId: label(publicationId, '*', ':'), error: errorFields(error) }], invalidPosts: [] };
    }
    const postIds = [...new Set(changes.map((change) => change.postId))];
    const regenerated = await publishStreamBatch(recovery.pipeline, () => this.regenerate(recovery, postIds, changes));
    return { ...regenerated, failed: regenerated.failed.map((failure) => ({ ...failure, feedId: label(publicationId, failure.feedId, ':') })) };
  }

  /** Membership re-derived from the posts' current items, then every feed it touched. */
  private async regenerate({ reconciler, pipeline }: PublicationRecovery, postIds: string[], changes: PostChange[]): Promise<RegeneratedBatch> {
    const reconciled = await reconciler.reconcile(postIds, changes.flatMap(formerMemberships));
    const feedIds = [...reconciled.affectedFeeds].sort();
    const settled = await mapWithConcurrency(feedIds, this.concurrency, (feedId) => pipeline.publisher.publish(feedId));
    const published: FeedPublishResult[] = [];
    const failed: FeedFailure[] = [];
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') published.push(result.value);
      else failed.push({ feedId: feedIds[index] as FeedId, error: errorFields(result.reason) });
    });
    return { published, failed, invalidPosts: reconciled.invalidPosts };
  }

  /** Nothing says which publications the lost records were of: every one is rebuilt. */
  private async rebuildFor(expired: QueuedFailedBatch[], outcomes: MessageOutcome[]): Promise<PublicationRebuild[]> {
    const rebuilds: PublicationRebuild[] = [];
    for (const publicationId of await this.parts.publications.publicationIds()) rebuilds.push(await this.rebuildPublication(publicationId));
    if (rebuilds.some((rebuild) => 'error' in rebuild || rebuild.report.failed.length > 0)) return rebuilds;
    for (const message of expired) await this.parts.queue.remove(message);
    for (const outcome of outcomes) if (outcome.kind === 'expired') outcome.rebuilt = true;
    return rebuilds;
  }

  private async rebuildPublication(publicationId: PublicationId): Promise<PublicationRebuild> {
    try {
      const { rebuild } = await this.parts.publications.recoveryOf(publicationId);
      return { publicationId, report: await rebuild.rebuildAll() };
    } catch (error) {
      return { publicationId, error: errorFields(error) };
    }
  }
}

/** Stream order kept within each publication. */
function byPublication(changes: PostChange[]): Map<PublicationId, PostChange[]> {
  const groups = new Map<PublicationId, PostChange[]>();
  for (const change of changes) groups.set(change.publicationId, [...(groups.get(change.publicationId) ?? []), change]);
  return groups;
}

/** The default publication's names stay as they were; another's carry its id. */
function label(publicationId: PublicationId, name: string, separator: string): string {
  return isDefaultPublication(publicationId) ? name : `${publicationId}${separator}${name}`;
}

/** Every membership item any image in the records may have left behind. */
function formerMemberships(change: PostChange): MembershipRef[] {
  return [change.before, change.after].flatMap((state: PostState) => (state.kind === 'valid' ? membershipsOfPost(state.post) : []));
}
