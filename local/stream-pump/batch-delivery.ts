import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { JsonLog } from '../emulators/json-line-log.ts';
import { nextDeliveryStep, type HandlerOutcome } from './batch-outcome.ts';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

/**
 * A batch that still failed after the last retry: what Lambda sends to the mapping's on-failure
 * destination (SQS/SNS), plus the records themselves since locally there is no stream to re-read.
 */
export interface FailedBatch {
  reason: string;
  /** Handler invocations made for this batch, the first one included. */
  attempts: number;
  records: DynamoDBRecord[];
  /** Named and shaped like `DDBStreamBatchInfo` in Lambda's on-failure message. */
  batchInfo: {
    shardId: string;
    streamArn: string;
    startSequenceNumber: string | undefined;
    endSequenceNumber: string | undefined;
    approximateArrivalOfFirstRecord: string | undefined;
    approximateArrivalOfLastRecord: string | undefined;
    batchSize: number;
  };
}

export type OnFailure = (failure: FailedBatch) => Promise<void> | void;

export interface DeliveryContext {
  handler: StreamHandler;
  /** A fresh Lambda context for each invocation: its own request id and time left. */
  lambdaContext(): Context;
  onFailure: OnFailure;
  maximumRetryAttempts: number;
  retryDelayMs: number;
  streamArn: string;
  shardId: string;
  log: JsonLog;
  /** Interruptible pause; resolves early when the pump stops. */
  pause(ms: number): Promise<void>;
  isStopping(): boolean;
}

/** Invokes the handler with one batch until it succeeds, retries run out, or the pump stops. */
/** `finished`: handled, or handed to the on-failure destination; `abandoned`: the pump stopped mid-retry. */
export type DeliveryResult = 'finished' | 'abandoned';

export async function deliverBatch(batch: DynamoDBRecord[], context: DeliveryContext): Promise<DeliveryResult> {
  let records = batch;
  for (let retriesSoFar = 0; ; retriesSoFar += 1) {
    const outcome = await invokeHandler(records, context);
    const step = nextDeliveryStep({ records, outcome, retriesSoFar, maximumRetryAttempts: context.maximumRetryAttempts });
    if (step.kind === 'done') return 'finished';
    if (step.kind === 'give-up') {
      await sendToOnFailure(failedBatch(step.records, step.reason, retriesSoFar + 1, context), context);
      return 'finished';
    }
    context.log({
      level: 'warn',
      message: 'stream batch failed; retrying',
      reason: step.reason,
      retry: retriesSoFar + 1,
      records: step.records.length,
      shardId: context.shardId,
    });
    await context.pause(context.retryDelayMs);
    if (context.isStopping()) return 'abandoned';
    records = step.records;
  }
}

async function invokeHandler(records: DynamoDBRecord[], context: DeliveryContext): Promise<HandlerOutcome> {
  try {
    // A fresh copy per invocation, as each Lambda invocation deserialises its own event.
    const response = await context.handler({ Records: structuredClone(records) }, context.lambdaContext());
    return { kind: 'returned', response };
  } catch (error) {
    context.log({ level: 'error', message: 'stream handler threw', error, shardId: context.shardId });
    return { kind: 'threw', error };
  }
}

async function sendToOnFailure(failure: FailedBatch, context: DeliveryContext): Promise<void> {
  try {
    await context.onFailure(failure);
  } catch (error) {
    context.log({ level: 'error', message: 'on-failure callback threw; batch skipped', error, failure });
  }
}

function failedBatch(records: DynamoDBRecord[], reason: string, attempts: number, context: DeliveryContext): FailedBatch {
  const first = records[0]?.dynamodb;
  const last = records.at(-1)?.dynamodb;
  return {
    reason,
    attempts,
    records,
    batchInfo: {
      shardId: context.shardId,
      streamArn: context.streamArn,
      startSequenceNumber: first?.SequenceNumber,
      endSequenceNumber: last?.SequenceNumber,
      approximateArrivalOfFirstRecord: isoSeconds(first?.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: isoSeconds(last?.ApproximateCreationDateTime),
      batchSize: records.length,
    },
  };
}

function isoSeconds(epochSeconds: number | undefined): string | undefined {
  return epochSeconds === undefined ? undefined : new Date(epochSeconds * 1000).toISOString();
}

/** Local stand-in for the dead-letter queue: one JSON line per failed batch. */
export function logFailedBatch(log: JsonLog): OnFailure {
  return (failure) => log({ level: 'error', message: 'stream batch sent to on-failure destination', ...failure });
}
