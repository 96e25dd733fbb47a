import type { EventLog } from '../../log/event-log.ts';
import type { Clock } from '../../time/time-sources.ts';
import { buildDigest, type Digest } from '../digest/digest.ts';
import type { DigestStore } from '../digest/digest-store.ts';
import { newsletterName, type StoredNewsletter } from '../newsletter-definition.ts';
import type { NewsletterFeedSource } from '../newsletter-feed-source.ts';
import { latestSlotAtOrBefore } from '../newsletter-schedule.ts';
import type { NewsletterStore } from '../newsletter-store.ts';
import type { PublicationSource } from '../publication-source.ts';
import type { SubscriberStore } from '../subscriber-store.ts';
import { RECIPIENTS_PER_BATCH, type RecipientBatch } from './recipient-batch.ts';
import type { RecipientQueue } from './recipient-queue.ts';

/** Batches handed to the queue at once while the subscriber list is read: memory stays flat at any list size. */
const ENQUEUE_CHUNK = 100;

export interface DigestPlannerDeps {
  newsletters: NewsletterStore;
  subscribers: SubscriberStore;
  digests: DigestStore;
  feeds: NewsletterFeedSource;
  publications: PublicationSource;
  queue: RecipientQueue;
  log: EventLog;
  clock: Clock;
}

export type IssueOutcome =
  | { kind: 'nothing-new'; newsletter: string; slot: string }
  | { kind: 'planned'; newsletter: string; slot: string; posts: number; recipients: number; batches: number }
  | { kind: 'already-planned'; newsletter: string; slot: string };

export interface PlanRunSummary {
  due: number;
  outcomes: IssueOutcome[];
  failed: { newsletter: string; reason: string }[];
}

/**
 * The scheduler's job: each newsletter whose latest slot has not been planned gets its issue:
 * the feed's posts since the cursor become a stored digest, its confirmed subscribers go to the
 * queue in batches, and the newsletter moves past the slot. Nothing new, no digest.
 */
export class DigestPlanner {
  constructor(private readonly deps: DigestPlannerDeps) {}

  async planDue(): Promise<PlanRunSummary> {
    const now = this.deps.clock();
    const due = (await this.deps.newsletters.listAll()).filter((newsletter) => latestSlotAtOrBefore(newsletter.schedule, now).toISOString() > newsletter.lastSlot);
    const summary: PlanRunSummary = { due: due.length, outcomes: [], failed: [] };
    for (const newsletter of due) {
      try {
        summary.outcomes.push(await this.planIssue(newsletter, latestSlotAtOrBefore(newsletter.schedule, now).toISOString()));
      } catch (error) {
        // One broken newsletter must not hold the others; it stays due and the next run tries again.
        this.deps.log.error('newsletter issue not planned', { newsletter: newsletterName(newsletter), error });
        summary.failed.push({ newsletter: newsletterName(newsletter), reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
    return summary;
  }

  /** Plans one issue for `slot` (the CLI's `send` passes now), whatever the schedule says. */
  async planIssue(newsletter: StoredNewsletter, slot: string): Promise<IssueOutcome> {
    const name = newsletterName(newsletter);
    const digest = await this.digestOf(newsletter, slot);
    if (!digest) {
      await this.deps.newsletters.advance(newsletter, newsletter, { lastSlot: slot, cursor: newsletter.cursor });
      this.deps.log.info('newsletter: nothing new, no digest', { newsletter: name, slot });
      return { kind: 'nothing-new', newsletter: name, slot };
    }
    const stored = await this.deps.digests.putOnce(digest);
    const { recipients, batches } = await this.enqueueRecipients(stored);
    const newestPost = stored.posts.reduce((newest, post) => (post.publishedAt > newest ? post.publishedAt : newest), newsletter.cursor);
    const advanced = await this.deps.newsletters.advance(newsletter, newsletter, { lastSlot: slot, cursor: newestPost });
    if (!advanced) return { kind: 'already-planned', newsletter: name, slot };
    this.deps.log.info('newsletter issue planned', { newsletter: name, slot, posts: stored.posts.length, recipients, batches });
    return { kind: 'planned', newsletter: name, slot, posts: stored.posts.length, recipients, batches };
  }

  /** What the next issue would hold if planned now: the CLI's `--dry-run` and `preview`. */
  async digestOf(newsletter: StoredNewsletter, slot: string): Promise<Digest | undefined> {
    const [settings, posts] = await Promise.all([
      this.deps.publications.settingsOf(newsletter.publication),
      this.deps.feeds.postsBetween(newsletter.publication, newsletter.feed, newsletter.cursor, slot),
    ]);
    return buildDigest(newsletter, settings, slot, posts);
  }

  private async enqueueRecipients(digest: Digest): Promise<{ recipients: number; batches: number }> {
    const ref = { publication: digest.publication, id: digest.newsletter };
    let pending: RecipientBatch[] = [];
    let current: string[] = [];
    let recipients = 0;
    let batches = 0;
    const close = () => {
      if (current.length === 0) return;
      pending.push({ publication: digest.publication, newsletter: digest.newsletter, slot: digest.slot, recipients: current });
      batches += 1;
      current = [];
    };
    for await (const lookupKey of this.deps.subscribers.confirmedLookupKeys(ref)) {
      current.push(lookupKey);
      recipients += 1;
      if (current.length === RECIPIENTS_PER_BATCH) close();
      if (pending.length === ENQUEUE_CHUNK) {
        await this.deps.queue.enqueue(pending);
        pending = [];
      }
    }
    close();
    if (pending.length > 0) await this.deps.queue.enqueue(pending);
    return { recipients, batches };
  }
}
