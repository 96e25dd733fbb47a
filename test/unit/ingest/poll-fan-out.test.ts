import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePollMessage, pollMessageBody } from '../../../shared/ingest/fan-out/poll-message.ts';
import { PollWorker } from '../../../shared/ingest/fan-out/poll-worker.ts';
import { SqsPollQueue } from '../../../shared/ingest/fan-out/sqs-poll-queue.ts';
import type { PollBatchResult, PollEntryOutcome, PollRunSummary } from '../../../shared/ingest/feed-poller.ts';
import { SILENT_LOG } from '../../../shared/log/event-log.ts';
import type { DueSubscription } from '../../../shared/store/poll-schedule-store.ts';

const sqs = new SQSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const stub = mockClient(sqs);
afterEach(() => stub.reset());

const due = (index: number): DueSubscription => ({ id: `sub-${index}`, url: `https://partner-${index}.example/feed.xml`, nextFetchAt: '2026-11-30T12:00:00.000Z' });

function entriesOf(call: number): NonNullable<SendMessageBatchCommandInput['Entries']> {
  return stub.commandCalls(SendMessageBatchCommand)[call]?.args[0].input.Entries ?? [];
}

describe('SqsPollQueue', () => {
  it('sends in batches of 10, each message a due subscription the worker can parse back', async () => {
    stub.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: input.Entries?.map((entry) => ({ Id: entry.Id, MessageId: 'm', MD5OfMessageBody: '' })) }));
    const result = await new SqsPollQueue(sqs, 'https://sqs.example/1/polls').send(Array.from({ length: 25 }, (_, index) => due(index)));
    expect(result).toEqual({ sent: 25, unsent: [] });
    expect([0, 1, 2].map((call) => entriesOf(call).length).sort()).toEqual([10, 10, 5]);
    const first = entriesOf(0)[0];
    expect(parsePollMessage('m', first?.MessageBody ?? '')).toEqual(due(Number(/sub-(\d+)/.exec(first?.MessageBody ?? '')?.[1])));
  });

  it('sends again only what SQS itself refused, and reports what it still refuses or what was malformed', async () => {
    stub
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: '' }], Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }, { Id: '2', SenderFault: true, Code: 'InvalidMessageContents' }] })
      .resolves({ Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError', Message: 'still down' }] });
    const result = await new SqsPollQueue(sqs, 'https://sqs.example/1/polls').send([due(0), due(1), due(2)]);
    expect(entriesOf(1).map((entry) => entry.Id)).toEqual(['1']);
    expect(stub.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
    expect(result.sent).toBe(1);
    expect(result.unsent.map((entry) => entry.id).sort()).toEqual(['sub-1', 'sub-2']);
  });
});

/** A poller that answers each entry with the outcome its id names. */
function pollerAnswering(outcomeOf: (entry: DueSubscription) => PollEntryOutcome) {
  const received: DueSubscription[][] = [];
  return {
    received,
    pollDue: async (entries: DueSubscription[]): Promise<PollBatchResult> => {
      received.push(entries);
      return { summary: { polled: entries.length } as PollRunSummary, outcomes: entries.map((entry) => ({ entry, outcome: outcomeOf(entry) })) };
    },
  };
}

describe('PollWorker', () => {
  const message = (messageId: string, entry: DueSubscription) => ({ messageId, body: pollMessageBody(entry) });

  it('hands back the messages that are not due subscriptions, and those not started or not recorded; never the polled or contended', async () => {
    const outcomes: Record<string, PollEntryOutcome> = { 'sub-1': 'polled', 'sub-2': 'contended', 'sub-3': 'deferred', 'sub-4': 'unrecorded' };
    const poller = pollerAnswering((entry) => outcomes[entry.id] ?? 'polled');
    const worker = new PollWorker({ poller, log: SILENT_LOG });
    const result = await worker.pollMessages([
      message('m1', due(1)),
      message('m2', due(2)),
      message('m3', due(3)),
      message('m4', due(4)),
      { messageId: 'not-json', body: 'sub-5' },
      { messageId: 'no-date', body: JSON.stringify({ id: 'sub-6', url: 'https://x.example/', nextFetchAt: 'soon' }) },
    ]);
    expect(result.failedMessageIds.sort()).toEqual(['m3', 'm4', 'no-date', 'not-json']);
    expect(result.invalid).toBe(2);
    expect(poller.received[0]?.map((entry) => entry.id)).toEqual(['sub-1', 'sub-2', 'sub-3', 'sub-4']);
  });

  it('tells apart two messages for the same subscription in one batch', async () => {
    const older = { ...due(1), nextFetchAt: '2026-11-30T11:00:00.000Z' };
    const poller = pollerAnswering((entry) => (entry.nextFetchAt === older.nextFetchAt ? 'unrecorded' : 'polled'));
    const result = await new PollWorker({ poller, log: SILENT_LOG }).pollMessages([message('current', due(1)), message('older', older)]);
    expect(result.failedMessageIds).toEqual(['older']);
  });
});
