import { createHash, randomUUID } from 'node:crypto';

/** A queue as the stack declares it: its visibility timeout and, if any, where poison goes. */
export interface LocalQueueDefinition {
  name: string;
  visibilityTimeoutSeconds: number;
  /** SQS's redrive policy: received more than `maxReceiveCount` times, a message moves there. */
  redrive?: { deadLetterQueueName: string; maxReceiveCount: number };
}

/** A message as ReceiveMessage hands it out, with the system attributes Lambda puts in its event. */
export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: {
    ApproximateReceiveCount: string;
    SentTimestamp: string;
    ApproximateFirstReceiveTimestamp: string;
    SenderId: string;
  };
}

export interface QueueCounts {
  /** ApproximateNumberOfMessages: receivable now. */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: received and neither deleted nor timed out. */
  inFlight: number;
}

export class ReceiptHandleInvalidError extends Error {
  override readonly name = 'ReceiptHandleInvalidError';
  constructor(readonly queueName: string) {
    super(`the receipt handle is not the latest one of a message in ${queueName}`);
  }
}

interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
  visibleAt: number;
  /** Only the handle of the latest receive deletes or changes the message, as in SQS. */
  receiptHandle?: string;
}

/** The SenderId attribute: who sent the message, an account or role id in AWS. */
const LOCAL_SENDER_ID = 'LOCAL-SQS-STAND-IN';

/**
 * One standard queue held in memory with the SQS semantics the poll fan-out relies on: a
 * received message is invisible for the visibility timeout and comes back unless deleted with its
 * latest receipt handle; each receive counts, and a message received `maxReceiveCount` times goes
 * to the dead-letter queue on its next receive. Order is first in, first out here (SQS promises
 * none), and there are no duplicates of a send (SQS may deliver one twice; the consumer must cope).
 */
export class LocalQueue {
  private messages: StoredMessage[] = [];
  private deadLetters: LocalQueue | undefined;

  constructor(
    readonly definition: LocalQueueDefinition,
    private readonly now: () => number,
    /** Called after each send: long polls waiting on any queue look again. */
    private readonly onSend: () => void = () => undefined,
  ) {}

  /** Wired after every queue exists, as a redrive policy names its target by ARN. */
  redriveTo(deadLetters: LocalQueue): void {
    this.deadLetters = deadLetters;
  }

  send(body: string): { messageId: string; md5OfBody: string } {
    const message: StoredMessage = { messageId: randomUUID(), body, md5OfBody: md5Hex(body), sentAt: this.now(), receiveCount: 0, visibleAt: this.now() };
    this.messages.push(message);
    this.onSend();
    return { messageId: message.messageId, md5OfBody: message.md5OfBody };
  }

  /** Up to `max` visible messages, each now invisible for `visibilityTimeoutSeconds` (the queue's by default). */
  receive(max: number, visibilityTimeoutSeconds = this.definition.visibilityTimeoutSeconds): ReceivedMessage[] {
    const now = this.now();
    const received: ReceivedMessage[] = [];
    for (const message of [...this.messages]) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      if (this.movedToDeadLetters(message)) continue;
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilityTimeoutSeconds * 1000;
      message.receiptHandle = randomUUID();
      received.push(receivedMessage(message, message.receiptHandle));
    }
    return received;
  }

  delete(receiptHandle: string): void {
    const index = this.messages.findIndex((message) => message.receiptHandle === receiptHandle);
    if (index < 0) throw new ReceiptHandleInvalidError(this.definition.name);
    this.messages.splice(index, 1);
  }

  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): void {
    const message = this.messages.find((candidate) => candidate.receiptHandle === receiptHandle);
    if (!message) throw new ReceiptHandleInvalidError(this.definition.name);
    message.visibleAt = this.now() + visibilityTimeoutSeconds * 1000;
  }

  counts(): QueueCounts {
    const now = this.now();
    const visible = this.messages.filter((message) => message.visibleAt <= now).length;
    return { visible, inFlight: this.messages.length - visible };
  }

  /** Seconds since the oldest message was sent: the metric the stack's alarm watches. */
  oldestMessageAgeSeconds(): number {
    const oldest = Math.min(...this.messages.map((message) => message.sentAt));
    return Number.isFinite(oldest) ? Math.floor((this.now() - oldest) / 1000) : 0;
  }

  private movedToDeadLetters(message: StoredMessage): boolean {
    const redrive = this.definition.redrive;
    if (!redrive || !this.deadLetters || message.receiveCount < redrive.maxReceiveCount) return false;
    this.messages = this.messages.filter((other) => other !== message);
    this.deadLetters.acceptRedriven(message);
    return true;
  }

  /** SQS keeps the message id, body and sent time when it moves a message; the receive count starts again. */
  private acceptRedriven(message: StoredMessage): void {
    this.messages.push({ messageId: message.messageId, body: message.body, md5OfBody: message.md5OfBody, sentAt: message.sentAt, receiveCount: 0, visibleAt: this.now() });
  }
}

function receivedMessage(message: StoredMessage, receiptHandle: string): ReceivedMessage {
  return {
    messageId: message.messageId,
    receiptHandle,
    body: message.body,
    md5OfBody: message.md5OfBody,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      SenderId: LOCAL_SENDER_ID,
    },
  };
}

/** SQS answers every send and receive with the body's MD5, and the SDK checks it. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
