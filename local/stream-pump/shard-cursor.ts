import { ExpiredIteratorException, TrimmedDataAccessException } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { JsonLog } from '../emulators/json-line-log.ts';
import type { BufferState } from './batching-window.ts';
import type { IteratorPosition, StreamReader } from './stream-reader.ts';
import { toLambdaRecord, type RecordSource } from '../../shared/publish/stream/lambda-stream-record.ts';

export interface ShardCursorOptions {
  shardId: string;
  reader: StreamReader;
  /** Where reading starts when nothing has been read from this shard yet. */
  startAt: IteratorPosition;
  source: RecordSource;
  /** The mapping's filter: records it rejects are dropped before batching, as in Lambda. */
  accepts(record: DynamoDBRecord): boolean;
  log: JsonLog;
  now(): number;
}

/**
 * Reads one shard in order and buffers the records that pass the filter. Remembers the last
 * sequence number read so an expired iterator resumes exactly after it.
 */
export class ShardCursor {
  readonly shardId: string;
  /** Set once a closed shard has been read to its end. */
  exhausted = false;
  private buffer: DynamoDBRecord[] = [];
  private oldestBufferedAt: number | undefined;
  private iterator: string | undefined;
  private lastSequenceNumber: string | undefined;
  private startAt: IteratorPosition;

  constructor(private readonly options: ShardCursorOptions) {
    this.shardId = options.shardId;
    this.startAt = options.startAt;
  }

  /** Fixes the starting point now (it matters for LATEST) without reading. */
  async open(): Promise<void> {
    this.iterator ??= await this.options.reader.openIterator(this.shardId, this.resumePosition());
  }

  /** Reads the next page; returns how many records the stream gave (before filtering). */
  async read(): Promise<number> {
    if (this.exhausted) return 0;
    await this.open();
    if (!this.iterator) {
      this.exhausted = true;
      return 0;
    }
    const page = await this.readPage(this.iterator);
    if (!page) return 0;
    this.iterator = page.nextIterator;
    if (!page.nextIterator) this.exhausted = true;
    page.records.forEach((record) => this.accept(record));
    return page.records.length;
  }

  get bufferState(): BufferState {
    return {
      bufferedCount: this.buffer.length,
      oldestBufferedAt: this.oldestBufferedAt,
      shardExhausted: this.exhausted,
    };
  }

  /** Removes and returns the oldest `count` buffered records. */
  take(count: number): DynamoDBRecord[] {
    const batch = this.buffer.splice(0, count);
    // The rest keeps the oldest arrival time: it may go out before its own window ends, never after.
    if (this.buffer.length === 0) this.oldestBufferedAt = undefined;
    return batch;
  }

  private resumePosition(): IteratorPosition {
    if (this.lastSequenceNumber) return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: this.lastSequenceNumber };
    return this.startAt;
  }

  private async readPage(iterator: string) {
    try {
      return await this.options.reader.readPage(iterator);
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        // Iterators live 15 minutes; a long pause (debugger, laptop sleep) outlives them.
        this.options.log({ level: 'info', message: 'shard iterator expired; reopening', shardId: this.shardId });
        this.iterator = undefined;
        return undefined;
      }
      if (error instanceof TrimmedDataAccessException) {
        this.options.log({ level: 'warn', message: 'records trimmed before read; resuming at trim horizon', shardId: this.shardId });
        this.iterator = undefined;
        this.lastSequenceNumber = undefined;
        this.startAt = { type: 'TRIM_HORIZON' };
        return undefined;
      }
      throw error;
    }
  }

  private accept(streamRecord: Parameters<typeof toLambdaRecord>[0]): void {
    this.lastSequenceNumber = streamRecord.dynamodb?.SequenceNumber ?? this.lastSequenceNumber;
    let record: DynamoDBRecord;
    try {
      record = toLambdaRecord(streamRecord, this.options.source);
    } catch (error) {
      this.options.log({ level: 'error', message: 'dropping unreadable stream record', shardId: this.shardId, error, streamRecord });
      return;
    }
    if (!this.options.accepts(record)) return;
    this.buffer.push(record);
    this.oldestBufferedAt ??= this.options.now();
  }
}
