import * as z from 'zod';
import { describeSchemaError } from '../../shared/validation/field-problems.ts';
import { ReceiptHandleInvalidError, type LocalQueue } from './local-queue.ts';

/**
 * The SQS actions the stand-in answers, in the AWS JSON 1.0 protocol `@aws-sdk/client-sqs`
 * speaks (`X-Amz-Target: AmazonSQS.<Action>`): request shapes checked with zod, answers shaped
 * as SQS shapes them, errors with SQS's codes. Limits are SQS's: 10 entries a batch, 10
 * messages a receive, 20 s of long polling, 12 h of visibility, 256 KiB a message.
 */

export class SqsActionError extends Error {
  override readonly name = 'SqsActionError';
  constructor(
    /** The code after `com.amazonaws.sqs#`, which the SDK turns into the error's name. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QueueDirectory {
  byUrl(queueUrl: string): LocalQueue;
  urlOf(queueName: string): string;
  arnOf(queueName: string): string;
}

const MAX_BATCH_ENTRIES = 10;
const MAX_MESSAGE_BYTES = 256 * 1024;

const QueueUrl = z.string().min(1);
const BatchEntryId = z.string().regex(/^[\w-]{1,80}$/);
const VisibilitySeconds = z.number().int().min(0).max(43_200);

const SendMessage = z.object({ QueueUrl, MessageBody: z.string().min(1) });
const SendMessageBatch = z.object({ QueueUrl, Entries: z.array(z.object({ Id: BatchEntryId, MessageBody: z.string().min(1) })) });
const ReceiveMessage = z.object({
  QueueUrl,
  MaxNumberOfMessages: z.number().int().min(1).max(10).default(1),
  VisibilityTimeout: VisibilitySeconds.optional(),
  WaitTimeSeconds: z.number().int().min(0).max(20).default(0),
  AttributeNames: z.array(z.string()).optional(),
  MessageSystemAttributeNames: z.array(z.string()).optional(),
});
const DeleteMessage = z.object({ QueueUrl, ReceiptHandle: z.string().min(1) });
const DeleteMessageBatch = z.object({ QueueUrl, Entries: z.array(z.object({ Id: BatchEntryId, ReceiptHandle: z.string().min(1) })) });
const ChangeMessageVisibility = z.object({ QueueUrl, ReceiptHandle: z.string().min(1), VisibilityTimeout: VisibilitySeconds });
const GetQueueUrl = z.object({ QueueName: z.string().min(1) });
const GetQueueAttributes = z.object({ QueueUrl, AttributeNames: z.array(z.string()).default([]) });

/** Long polling: how often a waiting receive looks again (sends wake it at once). */
const LONG_POLL_RECHECK_MS = 50;

export interface ActionContext {
  queues: QueueDirectory;
  /** Resolves on the next send to any queue, or after `ms`; what a long poll waits on. */
  waitForSend(ms: number): Promise<void>;
  /** Ends a long poll, empty, when the stand-in shuts down or the caller hung up. */
  isClosing(): boolean;
}

type Action = (input: unknown, context: ActionContext) => Promise<unknown> | unknown;

export const SQS_ACTIONS: Record<string, Action> = {
  SendMessage: (input, { queues }) => {
    const request = parse(SendMessage, input);
    checkSize(request.MessageBody);
    const sent = queues.byUrl(request.QueueUrl).send(request.MessageBody);
    return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody };
  },
  SendMessageBatch: (input, { queues }) => {
    const request = parse(SendMessageBatch, input);
    checkBatch(request.Entries.map((entry) => entry.Id));
    request.Entries.forEach((entry) => checkSize(entry.MessageBody));
    const queue = queues.byUrl(request.QueueUrl);
    const Successful = request.Entries.map((entry) => {
      const sent = queue.send(entry.MessageBody);
      return { Id: entry.Id, MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody };
    });
    return { Successful, Failed: [] };
  },
  ReceiveMessage: async (input, context) => {
    const request = parse(ReceiveMessage, input);
    const queue = context.queues.byUrl(request.QueueUrl);
    const waitUntil = Date.now() + request.WaitTimeSeconds * 1000;
    for (;;) {
      const messages = context.isClosing() ? [] : queue.receive(request.MaxNumberOfMessages, request.VisibilityTimeout);
      const remainingMs = waitUntil - Date.now();
      if (messages.length > 0 || remainingMs <= 0 || context.isClosing()) {
        const withAttributes = [...(request.AttributeNames ?? []), ...(request.MessageSystemAttributeNames ?? [])].length > 0;
        return { Messages: messages.map((message) => receivedShape(message, withAttributes)) };
      }
      await context.waitForSend(Math.min(remainingMs, LONG_POLL_RECHECK_MS));
    }
  },
  DeleteMessage: (input, { queues }) => {
    const request = parse(DeleteMessage, input);
    withReceiptHandle(() => queues.byUrl(request.QueueUrl).delete(request.ReceiptHandle));
    return {};
  },
  DeleteMessageBatch: (input, { queues }) => {
    const request = parse(DeleteMessageBatch, input);
    checkBatch(request.Entries.map((entry) => entry.Id));
    const queue = queues.byUrl(request.QueueUrl);
    const Successful: { Id: string }[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of request.Entries) {
      try {
        queue.delete(entry.ReceiptHandle);
        Successful.push({ Id: entry.Id });
      } catch (error) {
        if (!(error instanceof ReceiptHandleInvalidError)) throw error;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: error.message });
      }
    }
    return { Successful, Failed };
  },
  ChangeMessageVisibility: (input, { queues }) => {
    const request = parse(ChangeMessageVisibility, input);
    withReceiptHandle(() => queues.byUrl(request.QueueUrl).changeVisibility(request.ReceiptHandle, request.VisibilityTimeout));
    return {};
  },
  GetQueueUrl: (input, { queues }) => ({ QueueUrl: queues.urlOf(parse(GetQueueUrl, input).QueueName) }),
  GetQueueAttributes: (input, { queues }) => {
    const request = parse(GetQueueAttributes, input);
    const queue = queues.byUrl(request.QueueUrl);
    const counts = queue.counts();
    const all: Record<string, string> = {
      QueueArn: queues.arnOf(queue.definition.name),
      VisibilityTimeout: String(queue.definition.visibilityTimeoutSeconds),
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: '0',
      ...(queue.definition.redrive
        ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queues.arnOf(queue.definition.redrive.deadLetterQueueName), maxReceiveCount: queue.definition.redrive.maxReceiveCount }) }
        : {}),
    };
    const wanted = request.AttributeNames.includes('All') ? Object.keys(all) : request.AttributeNames;
    return { Attributes: Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name))) };
  },
};

function receivedShape(message: ReturnType<LocalQueue['receive']>[number], withAttributes: boolean) {
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(withAttributes ? { Attributes: message.attributes } : {}),
  };
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = describeSchemaError(parsed.error);
  throw new SqsActionError('InvalidParameterValue', issues);
}

function checkBatch(ids: string[]): void {
  if (ids.length === 0) throw new SqsActionError('EmptyBatchRequest', 'the batch request has no entries');
  if (ids.length > MAX_BATCH_ENTRIES) throw new SqsActionError('TooManyEntriesInBatchRequest', `at most ${MAX_BATCH_ENTRIES} entries a batch; got ${ids.length}`);
  if (new Set(ids).size !== ids.length) throw new SqsActionError('BatchEntryIdsNotDistinct', 'two entries of the batch have the same Id');
}

function checkSize(body: string): void {
  if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES) throw new SqsActionError('InvalidParameterValue', `a message body may hold at most ${MAX_MESSAGE_BYTES} bytes`);
}

function withReceiptHandle(change: () => void): void {
  try {
    change();
  } catch (error) {
    if (error instanceof ReceiptHandleInvalidError) throw new SqsActionError('ReceiptHandleIsInvalid', error.message);
    throw error;
  }
}
