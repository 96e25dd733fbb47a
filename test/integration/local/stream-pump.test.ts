import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import type { LogEntry } from '../../../local/emulators/json-line-log.ts';
import type { FailedBatch, StreamHandler } from '../../../local/stream-pump/batch-delivery.ts';
import { StreamPump, type StreamPumpOptions } from '../../../local/stream-pump/stream-pump.ts';
import type { StreamCheckpoints } from '../../../local/stream-pump/stream-checkpoints.ts';
import { POST_RECORD_FILTER_PATTERN, postKey } from '../../../shared/store/table-design.ts';
import {
  createEmulatorClients,
  createEmulatorStreamsClient,
  destroyClients,
  EMULATOR_REGION,
} from '../../support/emulator-clients.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
const streams = createEmulatorStreamsClient();
afterAll(() => {
  destroyClients(clients);
  streams.destroy();
});

let tableName: string;
let pump: StreamPump | undefined;
let logs: LogEntry[];

beforeEach(async () => {
  tableName = uniqueResourceName('pump');
  await createTable(clients.dynamoDb, tableName);
  logs = [];
});

afterEach(async () => {
  await pump?.stop();
  pump = undefined;
});

/** Records every event the handler receives; `respond` decides what it returns. */
function recordingHandler(respond: (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | void = () => undefined) {
  const events: DynamoDBStreamEvent[] = [];
  const handler: StreamHandler = async (event) => {
    events.push(event);
    return respond(event, events.length);
  };
  return { handler, events, records: () => events.flatMap((event) => event.Records) };
}

async function startPump(handler: StreamHandler, options: Partial<StreamPumpOptions> = {}): Promise<StreamPump> {
  pump = await StreamPump.start({
    dynamoDb: clients.dynamoDb,
    streams,
    tableName,
    handler,
    filterPatterns: [POST_RECORD_FILTER_PATTERN],
    retryDelayMs: 10,
    log: (entry) => logs.push(entry),
    ...options,
  });
  return pump;
}

function putPost(id: string, title: string) {
  return clients.documents.put({ TableName: tableName, Item: { ...postKey(id), title } });
}

/** Checkpoints kept in memory across two pumps, as the file keeps them across two `npm start`s. */
class MemoryCheckpoints implements StreamCheckpoints {
  private readonly positions = new Map<string, Map<string, string>>();

  async load(streamArn: string): Promise<Map<string, string>> {
    return new Map(this.positions.get(streamArn));
  }

  async save(streamArn: string, shardId: string, sequenceNumber: string): Promise<void> {
    const shards = this.positions.get(streamArn) ?? new Map<string, string>();
    this.positions.set(streamArn, shards.set(shardId, sequenceNumber));
  }
}

const sequenceNumbers = (records: DynamoDBRecord[]) => records.map((record) => record.dynamodb?.SequenceNumber);
const titles = (records: DynamoDBRecord[]) => records.map((record) => record.dynamodb?.NewImage?.title?.S);

describe('stream pump', () => {
  it('delivers INSERT, MODIFY and REMOVE of a post as Lambda-shaped records', async () => {
    const { handler, records } = recordingHandler();
    const running = await startPump(handler);
    const beforeWrite = Math.floor(Date.now() / 1000) - 1;

    await putPost('p1', 'First');
    await clients.documents.update({
      TableName: tableName,
      Key: postKey('p1'),
      UpdateExpression: 'SET title = :title',
      ExpressionAttributeValues: { ':title': 'Second' },
    });
    await clients.documents.delete({ TableName: tableName, Key: postKey('p1') });
    await vi.waitFor(() => expect(records()).toHaveLength(3), { timeout: 5_000, interval: 20 });

    const [insert, modify, remove] = records();
    const envelope = {
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: EMULATOR_REGION,
      eventSourceARN: running.streamArn,
    };
    const keys = { pk: { S: 'POST#p1' }, sk: { S: 'POST' } };
    expect(insert).toMatchObject({ ...envelope, eventName: 'INSERT', dynamodb: { Keys: keys, NewImage: { ...keys, title: { S: 'First' } } } });
    expect(insert?.dynamodb).not.toHaveProperty('OldImage');
    expect(modify).toMatchObject({
      eventName: 'MODIFY',
      dynamodb: { NewImage: { title: { S: 'Second' } }, OldImage: { title: { S: 'First' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(remove).toMatchObject({ eventName: 'REMOVE', dynamodb: { Keys: keys, OldImage: { title: { S: 'Second' } } } });
    expect(remove?.dynamodb).not.toHaveProperty('NewImage');
    for (const record of records()) {
      expect(record.eventID).toEqual(expect.any(String));
      expect(record.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
      expect(record.dynamodb?.SizeBytes).toBeGreaterThan(0);
      // Epoch seconds, as Lambda sends them (the Streams API returns a Date); DynamoDB Local
      // rounds it down to the minute.
      expect(record.dynamodb?.ApproximateCreationDateTime).toBeGreaterThanOrEqual(beforeWrite - 60);
      expect(record.dynamodb?.ApproximateCreationDateTime).toBeLessThan(beforeWrite + 120);
    }
  });

  it('drops records the filter rejects, such as feed membership items', async () => {
    const { handler, records } = recordingHandler();
    const running = await startPump(handler);

    await clients.documents.put({ TableName: tableName, Item: { pk: 'FEED#all', sk: '2026-11-25T00:00:00.000Z#p1', title: 'Membership' } });
    await putPost('p1', 'Post');
    await running.drain();

    expect(records().map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['POST#p1']);
  });

  it('re-delivers from the lowest failed sequence number after batchItemFailures', async () => {
    const { handler, events } = recordingHandler((event, call) => {
      if (call > 1) return undefined;
      const second = event.Records[1]?.dynamodb?.SequenceNumber ?? 'missing';
      return { batchItemFailures: [{ itemIdentifier: second }] };
    });
    // The window gathers the three writes into one batch.
    const running = await startPump(handler, { maximumBatchingWindowMs: 500 });

    await clients.documents.batchWrite({
      RequestItems: { [tableName]: ['a', 'b', 'c'].map((id) => ({ PutRequest: { Item: { ...postKey(id), title: id } } })) },
    });
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 5_000, interval: 20 });
    await running.drain();

    const [first, retry] = events.map((event) => event.Records);
    expect(first).toHaveLength(3);
    expect(sequenceNumbers(retry ?? [])).toEqual(sequenceNumbers(first ?? []).slice(1));
    expect(events).toHaveLength(2);
  });

  it('passes a batch to onFailure after the last retry and moves on', async () => {
    const failures: FailedBatch[] = [];
    const { handler, events, records } = recordingHandler((event) => {
      if (event.Records.some((record) => record.dynamodb?.NewImage?.title?.S === 'poison')) throw new Error('cannot render');
      return undefined;
    });
    const running = await startPump(handler, { maximumRetryAttempts: 2, onFailure: (failure) => void failures.push(failure) });

    await putPost('bad', 'poison');
    await vi.waitFor(() => expect(failures).toHaveLength(1), { timeout: 5_000, interval: 20 });
    await putPost('good', 'fine');
    await running.drain();

    expect(events.filter((event) => titles(event.Records).includes('poison'))).toHaveLength(3);
    expect(failures[0]).toMatchObject({
      attempts: 3,
      reason: 'handler threw: Error: cannot render',
      batchInfo: { streamArn: running.streamArn, batchSize: 1 },
    });
    expect(titles(failures[0]?.records ?? [])).toEqual(['poison']);
    expect(titles(records()).at(-1)).toBe('fine');
    expect(logs.filter((entry) => entry.message === 'stream handler threw')).toHaveLength(3);
  });

  it('logs a failed batch as JSON when no onFailure is given', async () => {
    const { handler } = recordingHandler(() => {
      throw new Error('always');
    });
    const running = await startPump(handler, { maximumRetryAttempts: 0 });

    await putPost('p1', 'x');
    await vi.waitFor(() => expect(logs.map((entry) => entry.message)).toContain('stream batch sent to on-failure destination'), {
      timeout: 5_000,
      interval: 20,
    });
    await running.drain();
    const entry = logs.find((candidate) => candidate.message === 'stream batch sent to on-failure destination');
    expect(() => JSON.stringify(entry)).not.toThrow();
    expect(entry).toMatchObject({ level: 'error', attempts: 1, records: [expect.objectContaining({ eventName: 'INSERT' })] });
  });

  it('batches up to batchSize records per invocation', async () => {
    const { handler, events, records } = recordingHandler();
    await putPost('a', 'a');
    await putPost('b', 'b');
    await putPost('c', 'c');
    // TRIM_HORIZON: the three records already in the stream arrive in batches of two and one.
    const running = await startPump(handler, { batchSize: 2 });
    await running.drain();

    expect(events.map((event) => event.Records.length)).toEqual([2, 1]);
    expect(titles(records())).toEqual(['a', 'b', 'c']);
  });

  it('starts after existing records with LATEST', async () => {
    await putPost('old', 'old');
    const { handler, records } = recordingHandler();
    const running = await startPump(handler, { startingPosition: 'LATEST' });
    await putPost('new', 'new');
    await running.drain();

    expect(titles(records())).toEqual(['new']);
  });

  it('resumes after its checkpoints when started again, with TRIM_HORIZON and with LATEST', async () => {
    const checkpoints = new MemoryCheckpoints();
    const first = recordingHandler();
    const running = await startPump(first.handler, { checkpoints });
    await putPost('a', 'a');
    await putPost('b', 'b');
    await running.drain();
    await running.stop();
    await putPost('c', 'c');

    const second = recordingHandler();
    const restarted = await startPump(second.handler, { checkpoints });
    await putPost('d', 'd');
    await restarted.drain();
    await restarted.stop();
    await putPost('e', 'e');
    const third = recordingHandler();
    const latest = await startPump(third.handler, { checkpoints, startingPosition: 'LATEST' });
    await latest.drain();

    expect(titles(first.records())).toEqual(['a', 'b']);
    expect(titles(second.records())).toEqual(['c', 'd']);
    expect(titles(third.records())).toEqual(['e']);
  });

  it('checkpoints a batch only once it is finished: one abandoned mid-retry is delivered again', async () => {
    const checkpoints = new MemoryCheckpoints();
    const failing = recordingHandler(() => {
      throw new Error('handler down');
    });
    const running = await startPump(failing.handler, { checkpoints, retryDelayMs: 60_000 });
    await putPost('a', 'a');
    await vi.waitFor(() => expect(failing.events.length).toBeGreaterThan(0), { timeout: 10_000 });
    await running.stop();

    const healthy = recordingHandler();
    const restarted = await startPump(healthy.handler, { checkpoints });
    await restarted.drain();
    expect(titles(healthy.records())).toEqual(['a']);
  });

  it('shows a put to the handler within one second', async () => {
    const { handler, records } = recordingHandler();
    await startPump(handler);
    const writtenAt = Date.now();
    await putPost('p1', 'quick');
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 2_000, interval: 10 });
    expect(Date.now() - writtenAt).toBeLessThan(1_000);
  });

  it('invokes the handler with a Lambda context of its own each time, the retry of a batch included', async () => {
    const contexts: Context[] = [];
    const running = await startPump(
      async (_event, context) => {
        contexts.push(context);
        if (contexts.length === 1) throw new Error('first attempt fails');
      },
      { maximumRetryAttempts: 1 },
    );
    await putPost('p1', 'with context');
    await running.drain();

    expect(contexts).toHaveLength(2);
    expect(contexts[0]).toMatchObject({
      functionName: 'feedline-stream',
      invokedFunctionArn: `arn:aws:lambda:${EMULATOR_REGION}:000000000000:function:feedline-stream`,
    });
    expect(contexts[0]?.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(contexts[0]?.getRemainingTimeInMillis()).toBeLessThanOrEqual(60_000);
    expect(contexts[1]?.awsRequestId).not.toBe(contexts[0]?.awsRequestId);
  });

  it('rejects pending drains and polls no more once stopped', async () => {
    const { handler } = recordingHandler();
    const running = await startPump(handler);
    await running.stop();
    await expect(running.drain()).rejects.toThrow('stopped');
  });
});
