import type { DueSubscription } from '../../store/poll-schedule-store.ts';

/** What a send of due subscriptions achieved; the unsent stay due and go with the next run. */
export interface PollQueueSendResult {
  sent: number;
  /** Ids the queue refused after retries, with its reason for the first of them. */
  unsent: { id: string; reason: string }[];
}

/**
 * The poll queue as the scheduler sees it: SQS in AWS and under `npm start` (the local stand-in
 * speaks SQS's protocol), an in-memory list in unit tests.
 */
export interface PollQueue {
  send(entries: readonly DueSubscription[]): Promise<PollQueueSendResult>;
}
