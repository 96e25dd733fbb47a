import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
  type DynamoDBStreamsClient,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { toLambdaRecord } from '../publish/stream/lambda-stream-record.ts';
import type { StreamBatchInfo } from './failed-batch-message.ts';
import { describeError } from '../errors/error-description.ts';

/**
 * The records of a failed batch are no longer readable: older than the stream's 24 h retention,
 * or the stream or shard is gone (stream disabled, table restored). Replay then falls back to a
 * rebuild from the table.
 */
export class StreamRangeExpiredError extends Error {
  override readonly name = 'StreamRangeExpiredError';
  constructor(
    readonly batch: StreamBatchInfo,
    readonly reason: unknown,
  ) {
    super(`records ${batch.startSequenceNumber}..${batch.endSequenceNumber} of ${batch.shardId} can no longer be read: ${describeError(reason)}`);
  }
}

/** The shard ended or went quiet before the range's last record: the range cannot be complete. */
export class StreamRangeIncompleteError extends Error {
  override readonly name = 'StreamRangeIncompleteError';
}

/** GetRecords can return empty pages before reaching records; this many in a row means no more. */
const MAX_EMPTY_PAGES = 10;
const MAX_RECORDS_PER_READ = 1000;

/**
 * Re-reads the records of one failed batch from the table's stream: an iterator AT the range's
 * first sequence number, pages until its last one, each record shaped as Lambda delivered it.
 */
export class StreamRangeReader {
  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly awsRegion: string,
  ) {}

  async read(batch: StreamBatchInfo): Promise<DynamoDBRecord[]> {
    try {
      return await this.readRange(batch);
    } catch (error) {
      if (isGone(error)) throw new StreamRangeExpiredError(batch, error);
      throw error;
    }
  }

  private async readRange(batch: StreamBatchInfo): Promise<DynamoDBRecord[]> {
    const end = BigInt(batch.endSequenceNumber);
    const records: DynamoDBRecord[] = [];
    let iterator = await this.openIterator(batch);
    for (let emptyPages = 0; iterator && emptyPages < MAX_EMPTY_PAGES; ) {
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: MAX_RECORDS_PER_READ }));
      const fetched = page.Records ?? [];
      emptyPages = fetched.length === 0 ? emptyPages + 1 : 0;
      for (const record of fetched) {
        const sequenceNumber = record.dynamodb?.SequenceNumber;
        if (sequenceNumber === undefined) continue;
        if (BigInt(sequenceNumber) > end) return records;
        records.push(toLambdaRecord(record, { eventSourceArn: batch.streamArn, awsRegion: this.awsRegion }));
        if (BigInt(sequenceNumber) === end) return records;
      }
      iterator = page.NextShardIterator;
    }
    throw new StreamRangeIncompleteError(
      `stream ended before sequence number ${batch.endSequenceNumber} of ${batch.shardId} (read ${records.length} records)`,
    );
  }

  private async openIterator(batch: StreamBatchInfo): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: batch.streamArn,
        ShardId: batch.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: batch.startSequenceNumber,
      }),
    );
    return ShardIterator;
  }
}

function isGone(error: unknown): boolean {
  return error instanceof TrimmedDataAccessException || error instanceof ResourceNotFoundException || error instanceof ExpiredIteratorException;
}
