import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { writeJsonLine, type JsonLog } from '../emulators/json-line-log.ts';
import { localLambdaContext, type LocalFunction } from '../lambda-context.ts';
import { settleSqsBatch, type SqsHandlerOutcome } from './sqs-batch-outcome.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** Named in every record's `eventSourceARN`, as Lambda names it. */
  queueArn: string;
  awsRegion: string;
  handler: SqsHandler;
  /** The function the handler stands for, as its Lambda context names it. */
  function: LocalFunction;
  /** Messages per invocation, at most 10 (one ReceiveMessage). */
  batchSize: number;
  /** The mapping's maximum concurrency: invocations at once, each with its own batch. */
  maxConcurrency: number;
  /** Long polling of each receive; Lambda's pollers wait 20 s. */
  waitTimeSeconds?: number;
  log?: JsonLog;
}

export class SqsDrainTimeoutError extends Error {
  override readonly name = 'SqsDrainTimeoutError';
}

/** After a failed receive, wait this long (doubling, up to 5 s) before the next. */
const RECEIVE_RETRY_MS = 100;

/**
 * Local stand-in for Lambda's SQS event source mapping with ReportBatchItemFailures: up to
 * `maxConcurrency` pollers each receive a batch, invoke the handler with an SQS-shaped event and
 * delete what it handled; failed messages stay and come back after the visibility timeout, until
 * the queue's redrive policy moves them to the dead-letter queue. It talks to the queue through
 * the SQS client, so it runs as well over the local stand-in as over a real queue.
 *
 * @example
 * const source = SqsEventSource.start({ sqs, queueUrl, queueArn, awsRegion, handler, function: LOCAL_POLL_WORKER_FUNCTION, batchSize: 10, maxConcurrency: 4 });
 * await source.drain();
 * await source.stop();
 */
export class SqsEventSource {
  private readonly log: JsonLog;
  private readonly abort = new AbortController();
  private killed = false;
  private readonly pollers: Promise<void>[];
  private inFlight = 0;

  private constructor(private readonly options: SqsEventSourceOptions) {
    this.log = options.log ?? writeJsonLine;
    this.pollers = Array.from({ length: options.maxConcurrency }, () => this.poll());
  }

  static start(options: SqsEventSourceOptions): SqsEventSource {
    if (options.batchSize < 1 || options.batchSize > 10) throw new RangeError(`batchSize must be 1-10, got ${options.batchSize}`);
    if (options.maxConcurrency < 1) throw new RangeError(`maxConcurrency must be at least 1, got ${options.maxConcurrency}`);
    return new SqsEventSource(options);
  }

  /** Resolves once the queue holds no message, visible or in flight, and no invocation runs. */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (!(await this.isIdle())) {
      if (Date.now() > deadline) throw new SqsDrainTimeoutError(`the queue ${this.options.queueUrl} was not drained within ${options.timeoutMs ?? 30_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops receiving and waits for the invocations under way to finish and settle (none, once killed). */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.killed) return;
    await Promise.all(this.pollers);
  }

  /**
   * Stops at once, as a Lambda instance that dies (timeout, out of memory): invocations under way
   * are abandoned, their messages neither deleted nor returned, so they come back only after the
   * visibility timeout.
   */
  kill(): void {
    this.killed = true;
    this.abort.abort();
  }

  private async isIdle(): Promise<boolean> {
    const { Attributes } = await this.options.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.options.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return this.inFlight === 0 && Attributes?.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0';
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        const messages = await this.receive();
        failures = 0;
        if (messages.length > 0 && !this.abort.signal.aborted) await this.deliver(messages.map((message) => this.recordOf(message)));
      } catch (error) {
        if (this.abort.signal.aborted) return;
        failures += 1;
        this.log({ level: 'error', message: 'local SQS event source could not receive or settle a batch', queueUrl: this.options.queueUrl, error });
        await new Promise((resolve) => setTimeout(resolve, Math.min(RECEIVE_RETRY_MS * 2 ** failures, 5_000)));
      }
    }
  }

  private async receive(): Promise<Message[]> {
    const { Messages } = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: this.options.batchSize,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return Messages ?? [];
  }

  private async deliver(records: SQSRecord[]): Promise<void> {
    this.inFlight += 1;
    try {
      const outcome = await this.invoke(records);
      if (this.killed) return;
      const settled = settleSqsBatch(records, outcome);
      if (settled.returned.length > 0) {
        this.log({ level: 'warn', message: 'SQS batch partly failed; the failed messages return after the visibility timeout', reason: settled.reason, returned: settled.returned.map((record) => record.messageId) });
      }
      await this.delete(settled.handled);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async invoke(records: SQSRecord[]): Promise<SqsHandlerOutcome> {
    try {
      // A fresh copy per invocation, as each Lambda invocation deserialises its own event.
      const response = await this.options.handler({ Records: structuredClone(records) }, localLambdaContext(this.options.function, { region: this.options.awsRegion }));
      return { kind: 'returned', response };
    } catch (error) {
      this.log({ level: 'error', message: 'SQS handler threw; the whole batch returns to the queue', error, queueUrl: this.options.queueUrl });
      return { kind: 'threw', error };
    }
  }

  private async delete(records: SQSRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { Failed } = await this.options.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: records.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })) }),
    );
    // Handled but not deleted (its visibility timeout ran out during the invocation): it comes back, as in AWS.
    if (Failed && Failed.length > 0) this.log({ level: 'warn', message: 'handled SQS messages could not be deleted and will be delivered again', failed: Failed });
  }

  private recordOf(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? '',
        SenderId: attributes.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.awsRegion,
    };
  }
}
