import type { EventLog } from '../../log/event-log.ts';
import type { DueSubscription } from '../../store/poll-schedule-store.ts';
import type { FeedPoller, PollRunOptions, PollRunSummary } from '../feed-poller.ts';
import { InvalidPollMessageError, parsePollMessage } from './poll-message.ts';

/** A message as the worker needs it, whichever shape the event source gave it. */
export interface QueuedPollMessage {
  messageId: string;
  body: string;
}

export interface PollWorkerResult {
  summary: PollRunSummary;
  /** Messages that were not subscriptions at all; each fails until the queue moves it to its DLQ. */
  invalid: number;
  /** Messages to hand back (`batchItemFailures`): invalid, not started before the deadline, or not recorded. */
  failedMessageIds: string[];
}

export interface PollWorkerDependencies {
  poller: Pick<FeedPoller, 'pollDue'>;
  log: EventLog;
}

/**
 * The queue half of the fan-out: one batch of poll messages → claim and poll each subscription →
 * which messages failed. A subscription whose feed failed is a success here (the failure is
 * recorded on it and it is rescheduled); only what must be tried again is handed back, so one
 * poisoned message never makes the others run twice.
 */
export class PollWorker {
  constructor(private readonly dependencies: PollWorkerDependencies) {}

  async pollMessages(messages: readonly QueuedPollMessage[], options: PollRunOptions = {}): Promise<PollWorkerResult> {
    const entries: { messageId: string; entry: DueSubscription }[] = [];
    const failedMessageIds: string[] = [];
    for (const message of messages) {
      try {
        entries.push({ messageId: message.messageId, entry: parsePollMessage(message.messageId, message.body) });
      } catch (error) {
        if (!(error instanceof InvalidPollMessageError)) throw error;
        this.dependencies.log.error('poll message refused; the queue moves it to its dead-letter queue after its last receive', { messageId: message.messageId, error: error.message });
        failedMessageIds.push(message.messageId);
      }
    }
    const invalid = failedMessageIds.length;
    const messageIdOf = new Map(entries.map(({ messageId, entry }) => [entry, messageId]));
    const { summary, outcomes } = await this.dependencies.poller.pollDue(entries.map(({ entry }) => entry), options);
    for (const { entry, outcome } of outcomes) {
      if (outcome === 'deferred' || outcome === 'unrecorded') failedMessageIds.push(messageIdOf.get(entry) ?? '');
    }
    return { summary, invalid, failedMessageIds };
  }
}
