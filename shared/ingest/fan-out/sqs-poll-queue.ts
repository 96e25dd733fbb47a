import { SendMessageBatchCommand, type BatchResultErrorEntry, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../../concurrency/map-with-concurrency.ts';
import type { DueSubscription } from '../../store/poll-schedule-store.ts';
import { pollMessageBody } from './poll-message.ts';
import type { PollQueue, PollQueueSendResult } from './poll-queue.ts';

/** SQS's limit on SendMessageBatch. */
export const SEND_BATCH_LIMIT = 10;
/** Entries SQS refused (throttling, an internal error) are sent again this many times before the run gives up on them. */
const ENTRY_RETRIES = 2;
/** Batches in flight at once: 5,000 due ids are 500 requests, a second or two at this width. */
const SEND_CONCURRENCY = 8;

/**
 * Sends due subscriptions to the poll queue in batches of 10, in the order given (interleaved by
 * host, so a worker's batch spreads over hosts). Refused entries are retried; what is still refused
 * is reported, not thrown: those subscriptions stay due and the next run sends them.
 */
export class SqsPollQueue implements PollQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(entries: readonly DueSubscription[]): Promise<PollQueueSendResult> {
    const batches: DueSubscription[][] = [];
    for (let start = 0; start < entries.length; start += SEND_BATCH_LIMIT) batches.push(entries.slice(start, start + SEND_BATCH_LIMIT));
    const settled = await mapWithConcurrency(batches, SEND_CONCURRENCY, (batch) => this.sendBatch(batch));
    const result: PollQueueSendResult = { sent: 0, unsent: [] };
    settled.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') {
        result.sent += outcome.value.sent;
        result.unsent.push(...outcome.value.unsent);
      } else {
        const reason = outcome.reason instanceof Error ? `${outcome.reason.name}: ${outcome.reason.message}` : String(outcome.reason);
        result.unsent.push(...(batches[index] ?? []).map((entry) => ({ id: entry.id, reason })));
      }
    });
    return result;
  }

  private async sendBatch(batch: DueSubscription[]): Promise<PollQueueSendResult> {
    let pending: SendMessageBatchRequestEntry[] = batch.map((entry, index) => ({ Id: String(index), MessageBody: pollMessageBody(entry) }));
    const result: PollQueueSendResult = { sent: 0, unsent: [] };
    let lastRefusals = new Map<string, BatchResultErrorEntry>();
    for (let attempt = 0; attempt <= ENTRY_RETRIES && pending.length > 0; attempt += 1) {
      const response = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
      result.sent += response.Successful?.length ?? 0;
      const refused = response.Failed ?? [];
      // A sender fault (a malformed entry) fails the same way again: only SQS's own failures are retried.
      for (const failure of refused.filter((entry) => entry.SenderFault)) result.unsent.push(unsentEntry(batch, failure));
      lastRefusals = new Map(refused.filter((entry) => !entry.SenderFault).map((entry) => [entry.Id ?? '', entry]));
      pending = pending.filter((entry) => lastRefusals.has(entry.Id ?? ''));
    }
    for (const failure of lastRefusals.values()) result.unsent.push(unsentEntry(batch, failure));
    return result;
  }
}

function unsentEntry(batch: DueSubscription[], failure: BatchResultErrorEntry): { id: string; reason: string } {
  return { id: batch[Number(failure.Id)]?.id ?? String(failure.Id), reason: `${failure.Code ?? 'Failed'}: ${failure.Message ?? 'no message'}` };
}
