import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../../concurrency/map-with-concurrency.ts';
import type { RecipientBatch } from './recipient-batch.ts';

/** Where planned batches go: SQS in AWS and under `npm start` (the local stand-in), a list in unit tests. */
export interface RecipientQueue {
  enqueue(batches: readonly RecipientBatch[]): Promise<void>;
}

export class RecipientQueueError extends Error {
  override readonly name = 'RecipientQueueError';
}

const SEND_BATCH_LIMIT = 10;
const SEND_CONCURRENCY = 8;
const ENTRY_RETRIES = 2;

/**
 * SendMessageBatch by tens. Anything still refused after retries fails the planning run: the slot
 * is then planned again by the next run, and the ledger makes the repeat harmless.
 */
export class SqsRecipientQueue implements RecipientQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(batches: readonly RecipientBatch[]): Promise<void> {
    const groups: RecipientBatch[][] = [];
    for (let start = 0; start < batches.length; start += SEND_BATCH_LIMIT) groups.push(batches.slice(start, start + SEND_BATCH_LIMIT));
    const settled = await mapWithConcurrency(groups, SEND_CONCURRENCY, (group) => this.sendGroup(group));
    const failed = settled.filter((outcome) => outcome.status === 'rejected');
    if (failed.length > 0) throw new RecipientQueueError(`${failed.length} of ${groups.length} SendMessageBatch calls failed`, { cause: failed[0]?.reason });
  }

  private async sendGroup(group: RecipientBatch[]): Promise<void> {
    let pending = group.map((batch, index) => ({ Id: String(index), MessageBody: JSON.stringify(batch) }));
    for (let attempt = 0; attempt <= ENTRY_RETRIES && pending.length > 0; attempt += 1) {
      const response = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
      const refused = new Set((response.Failed ?? []).map((entry) => entry.Id));
      pending = pending.filter((entry) => refused.has(entry.Id));
    }
    if (pending.length > 0) throw new RecipientQueueError(`${pending.length} recipient batches refused by the queue`);
  }
}
