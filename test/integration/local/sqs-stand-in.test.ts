import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { startSqsStandIn, type RunningSqsStandIn } from '../../../local/queue/sqs-stand-in.ts';

/** The stand-in's clock: visibility timeouts pass when the test says so. */
let now = Date.parse('2026-11-30T12:00:00Z');
let sqs: RunningSqsStandIn;
let client: SQSClient;

beforeAll(async () => {
  sqs = await startSqsStandIn({
    queues: [
      { name: 'polls', visibilityTimeoutSeconds: 30, redrive: { deadLetterQueueName: 'polls-dlq', maxReceiveCount: 2 } },
      { name: 'polls-dlq', visibilityTimeoutSeconds: 30 },
      { name: 'plain', visibilityTimeoutSeconds: 30 },
    ],
    now: () => now,
    log: () => undefined,
  });
  client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { ...EMULATOR_CREDENTIALS } });
});

afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

const receive = async (queue: string, max = 10) =>
  (await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(queue), MaxNumberOfMessages: max, MessageSystemAttributeNames: ['All'] }))).Messages ?? [];

describe('the local SQS stand-in, through @aws-sdk/client-sqs unchanged', () => {
  it('takes batches of 10 (checked MD5s and all), refuses 11, and hands them out with Lambda’s attributes', async () => {
    const entries = Array.from({ length: 10 }, (_, index) => ({ Id: `e${index}`, MessageBody: JSON.stringify({ index }) }));
    const sent = await client.send(new SendMessageBatchCommand({ QueueUrl: sqs.queueUrl('plain'), Entries: entries }));
    expect(sent.Successful).toHaveLength(10);
    await expect(
      client.send(new SendMessageBatchCommand({ QueueUrl: sqs.queueUrl('plain'), Entries: [...entries, { Id: 'e10', MessageBody: '{}' }] })),
    ).rejects.toBeInstanceOf(TooManyEntriesInBatchRequest);
    const messages = await receive('plain');
    expect(messages.map((message) => message.Body)).toEqual(entries.map((entry) => entry.MessageBody));
    expect(messages[0]?.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SentTimestamp: String(now) });
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: sqs.queueUrl('plain'), Entries: messages.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle })) }));
  });

  it('hides a received message for the visibility timeout, redelivers it after, and honours only the latest receipt handle', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl('plain'), MessageBody: 'redelivered' }));
    const [first] = await receive('plain');
    expect(await receive('plain')).toEqual([]);
    now += 30_000;
    const [again] = await receive('plain');
    expect(again).toMatchObject({ MessageId: first?.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
    const stale = await client.send(new DeleteMessageBatchCommand({ QueueUrl: sqs.queueUrl('plain'), Entries: [{ Id: 'stale', ReceiptHandle: first?.ReceiptHandle }] }));
    expect(stale.Failed).toMatchObject([{ Id: 'stale', Code: 'ReceiptHandleIsInvalid' }]);
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: sqs.queueUrl('plain'), Entries: [{ Id: 'latest', ReceiptHandle: again?.ReceiptHandle }] }));
    now += 30_000;
    expect(await receive('plain')).toEqual([]);
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue, the others unaffected', async () => {
    await client.send(new SendMessageBatchCommand({ QueueUrl: sqs.queueUrl('polls'), Entries: [{ Id: 'poison', MessageBody: 'poison' }, { Id: 'fine', MessageBody: 'fine' }] }));
    for (let receipt = 1; receipt <= 2; receipt += 1) {
      const messages = await receive('polls');
      expect(messages.map((message) => message.Body)).toEqual(receipt === 1 ? ['poison', 'fine'] : ['poison']);
      const fine = messages.find((message) => message.Body === 'fine');
      if (fine) await client.send(new DeleteMessageBatchCommand({ QueueUrl: sqs.queueUrl('polls'), Entries: [{ Id: 'ok', ReceiptHandle: fine.ReceiptHandle }] }));
      now += 30_000;
    }
    expect(await receive('polls')).toEqual([]);
    expect((await receive('polls-dlq')).map((message) => message.Body)).toEqual(['poison']);
    const attributes = await client.send(new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl('polls'), AttributeNames: ['All'] }));
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: sqs.queueArn('polls-dlq'), maxReceiveCount: 2 });
  });

  it('answers a long poll as soon as a message is sent', async () => {
    const started = Date.now();
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl('plain'), WaitTimeSeconds: 20 }));
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl('plain'), MessageBody: 'awaited' }));
    // Bounded well under the 20 s wait: the send, not the timeout, ended it.
    expect((await waiting).Messages?.map((message) => message.Body)).toEqual(['awaited']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names a missing queue as SQS does', async () => {
    await expect(client.send(new SendMessageCommand({ QueueUrl: `${sqs.endpoint}/000000000000/nope`, MessageBody: 'x' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });
});
