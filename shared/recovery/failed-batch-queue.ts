import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** One queued failed-batch message; `id` is stable, `handle` is what removing it needs. */
export interface QueuedFailedBatch {
  id: string;
  handle: string;
  body: string;
}

/**
 * The dead-letter queue of the stream mapping, as replay sees it: SQS in AWS, a folder of JSON
 * files under `.feedline/` for `npm start`. Messages are removed only after a successful replay.
 */
export interface FailedBatchQueue {
  readonly description: string;
  /** The next messages; an empty page means the queue is drained (for this run). */
  receive(): Promise<QueuedFailedBatch[]>;
  remove(message: QueuedFailedBatch): Promise<void>;
}

/**
 * Received messages stay invisible this long: longer than a replay of one page (records re-read,
 * feeds regenerated), so a message kept for failing is not received twice by the same run.
 */
const VISIBILITY_TIMEOUT_SECONDS = 15 * 60;

export class SqsFailedBatchQueue implements FailedBatchQueue {
  readonly description: string;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {
    this.description = `SQS queue ${queueUrl}`;
  }

  async receive(): Promise<QueuedFailedBatch[]> {
    const result = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
      }),
    );
    return (result.Messages ?? []).flatMap((message) =>
      message.MessageId && message.ReceiptHandle ? [{ id: message.MessageId, handle: message.ReceiptHandle, body: message.Body ?? '' }] : [],
    );
  }

  async remove(message: QueuedFailedBatch): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.handle }));
  }
}
