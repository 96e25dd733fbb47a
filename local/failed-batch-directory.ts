import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FailedBatchQueue, QueuedFailedBatch } from '../shared/recovery/failed-batch-queue.ts';
import type { FailedBatchMessage } from '../shared/recovery/failed-batch-message.ts';
import type { FailedBatch } from './stream-pump/batch-delivery.ts';

/** The function ARN local on-failure messages name; there is no Lambda function offline. */
const LOCAL_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:feedline-stream-local';

/**
 * The message Lambda would send to the on-failure destination for this batch: the shard and the
 * sequence range, without the records, so replay re-reads them from the stream as it must in AWS.
 */
export function onFailureMessage(failure: FailedBatch, now: Date = new Date()): FailedBatchMessage & Record<string, unknown> {
  const info = failure.batchInfo;
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: LOCAL_FUNCTION_ARN,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: failure.attempts,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: failure.reason },
    version: '1.0',
    timestamp: now.toISOString(),
    DDBStreamBatchInfo: {
      shardId: info.shardId,
      streamArn: info.streamArn,
      startSequenceNumber: info.startSequenceNumber ?? '0',
      endSequenceNumber: info.endSequenceNumber ?? info.startSequenceNumber ?? '0',
      approximateArrivalOfFirstRecord: info.approximateArrivalOfFirstRecord,
      approximateArrivalOfLastRecord: info.approximateArrivalOfLastRecord,
      batchSize: info.batchSize,
    },
  };
}

/**
 * Local stand-in for the SQS dead-letter queue: one JSON file per message in a folder. Files are
 * written under a temporary name and renamed, so a reader never sees half a message, and
 * removing a message is deleting its file: the pump and the CLI need no lock between them.
 */
export class FailedBatchDirectory implements FailedBatchQueue {
  readonly description: string;

  constructor(private readonly directory: string) {
    this.description = `local failed-batch folder ${directory}`;
  }

  /** The pump's `onFailure`: queue the batch as Lambda would. */
  async add(failure: FailedBatch): Promise<string> {
    await mkdir(this.directory, { recursive: true });
    const message = onFailureMessage(failure);
    const id = `${message.timestamp?.replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.json`;
    const temporary = join(this.directory, `.${id}.tmp`);
    await writeFile(temporary, `${JSON.stringify(message, null, 2)}\n`);
    await rename(temporary, join(this.directory, id));
    return id;
  }

  async receive(): Promise<QueuedFailedBatch[]> {
    const names = await readdir(this.directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const messages = names.filter((name) => name.endsWith('.json')).sort();
    return Promise.all(messages.map(async (name) => ({ id: name, handle: name, body: await readFile(join(this.directory, name), 'utf8') })));
  }

  async remove(message: QueuedFailedBatch): Promise<void> {
    await rm(join(this.directory, message.handle), { force: true });
  }
}
