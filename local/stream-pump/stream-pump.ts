import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { writeJsonLine, type JsonLog } from '../emulators/json-line-log.ts';
import { LOCAL_STREAM_FUNCTION, localLambdaContext, type LocalFunction } from '../lambda-context.ts';
import { deliverBatch, logFailedBatch, type OnFailure, type StreamHandler } from './batch-delivery.ts';
import { msUntilWindowCloses, readyBatchSize } from './batching-window.ts';
import { assertSupportedFilterPattern, matchesAnyFilterPattern, type FilterPattern } from './event-filter-pattern.ts';
import { parseEventSourceSettings, type EventSourceSettings, type EventSourceSettingsInput } from './event-source-settings.ts';
import { ShardCursor } from './shard-cursor.ts';
import type { StreamCheckpoints } from './stream-checkpoints.ts';
import { shardsReadyToRead, type ShardSummary } from './shard-order.ts';
import { latestStreamArn, StreamReader, type IteratorPosition } from './stream-reader.ts';

export interface StreamPumpOptions extends EventSourceSettingsInput {
  dynamoDb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  handler: StreamHandler;
  /** The function the handler stands for, as its Lambda context names it; the stream publisher by default. */
  function?: LocalFunction;
  /** The mapping's filter criteria; pass `[POST_RECORD_FILTER_PATTERN]` to match the stack, `[]` for none. */
  filterPatterns: readonly FilterPattern[];
  /** Local stand-in for the on-failure destination; logs the batch as one JSON line by default. */
  onFailure?: OnFailure;
  /** Positions kept across restarts (`npm start` keeps them in `.feedline/`); none by default. */
  checkpoints?: StreamCheckpoints;
  log?: JsonLog;
}

export class StreamPumpStoppedError extends Error {
  override readonly name = 'StreamPumpStoppedError';
}

export class DrainTimeoutError extends Error {
  override readonly name = 'DrainTimeoutError';
}

export interface DrainOptions {
  /** Bound on the wait (default 10 s). */
  timeoutMs?: number;
  /**
   * Only a quiet poll that starts this long after `drain()` counts: DynamoDB Local makes a write
   * readable 7-21 ms after it returns, so an earlier empty read proves nothing (default 100 ms).
   */
  settleMs?: number;
}

interface DrainWaiter {
  quietPollAfter: number;
  resolve(): void;
  reject(error: Error): void;
}

interface CycleReport {
  /** Records were read or delivered, or a shard ended: poll again at once. */
  progressed: boolean;
  /** Nothing read, nothing buffered, no error: the pump has caught up. */
  quiet: boolean;
  /** When a buffered partial batch must go out. */
  msUntilWindowCloses: number;
}

/**
 * Local stand-in for Lambda's DynamoDB event source mapping: reads the table's stream from
 * DynamoDB Local and invokes the handler with Lambda-shaped events, honouring the mapping's
 * filter, batch size, batching window, partial batch responses, retries and on-failure
 * destination. Shards are read one at a time, parents before children, one batch at a time: the
 * mapping's parallelization factor of 1.
 *
 * @example
 * const pump = await StreamPump.start({ dynamoDb, streams, tableName, handler, filterPatterns: [POST_RECORD_FILTER_PATTERN] });
 * await documents.send(new PutCommand(...));
 * await pump.drain();
 * await pump.stop();
 */
export class StreamPump {
  private readonly settings: EventSourceSettings;
  private readonly log: JsonLog;
  private readonly cursors = new Map<string, ShardCursor>();
  private readonly finishedShards = new Set<string>();
  /** Last finished sequence number per shard, from the checkpoints when the pump started. */
  private resumeAfter = new Map<string, string>();
  private shards: ShardSummary[] = [];
  private shardsListedAt = 0;
  private stopping = false;
  private wake: (() => void) | undefined;
  private drainWaiters: DrainWaiter[] = [];
  private lastError: unknown;
  private loop: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: StreamPumpOptions,
    private readonly reader: StreamReader,
    private readonly awsRegion: string,
  ) {
    this.settings = parseEventSourceSettings(options);
    this.log = options.log ?? writeJsonLine;
  }

  /** Finds the table's stream, positions the iterators and starts polling. */
  static async start(options: StreamPumpOptions): Promise<StreamPump> {
    options.filterPatterns.forEach((pattern) => assertSupportedFilterPattern(pattern));
    const streamArn = await latestStreamArn(options.dynamoDb, options.tableName);
    const awsRegion = await options.streams.config.region();
    const pump = new StreamPump(options, new StreamReader(options.streams, streamArn), awsRegion);
    await pump.positionInitialShards();
    pump.loop = pump.run();
    return pump;
  }

  get streamArn(): string {
    return this.reader.streamArn;
  }

  /** Resolves once the pump has delivered every record written before this call. */
  drain(options: DrainOptions = {}): Promise<void> {
    if (this.stopping) return Promise.reject(new StreamPumpStoppedError('stream pump is stopped'));
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise<void>((resolve, reject) => {
      const waiter: DrainWaiter = {
        quietPollAfter: Date.now() + (options.settleMs ?? 100),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.drainWaiters = this.drainWaiters.filter((other) => other !== waiter);
        const cause = this.lastError ? `; last error: ${String(this.lastError)}` : '';
        reject(new DrainTimeoutError(`stream pump did not catch up within ${timeoutMs} ms${cause}`));
      }, timeoutMs);
      this.drainWaiters.push(waiter);
    });
  }

  /** Stops polling after the current invocation; pending `drain()` calls reject. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    const stopped = new StreamPumpStoppedError('stream pump stopped before catching up');
    this.drainWaiters.splice(0).forEach((waiter) => waiter.reject(stopped));
  }

  /** LATEST must be fixed at start, or writes made right after `start()` resolves would be skipped. */
  private async positionInitialShards(): Promise<void> {
    this.resumeAfter = (await this.options.checkpoints?.load(this.streamArn)) ?? new Map();
    await this.refreshShards();
    if (this.settings.startingPosition !== 'LATEST') return;
    for (const shard of this.shards) {
      if (this.resumeAfter.has(shard.shardId)) continue;
      if (shard.closed) this.finishedShards.add(shard.shardId);
      else await this.cursorFor(shard.shardId, { type: 'LATEST' }).open();
    }
  }

  private async run(): Promise<void> {
    let consecutiveErrors = 0;
    while (!this.stopping) {
      const startedAt = Date.now();
      const report = await this.cycle().then(
        (result) => {
          consecutiveErrors = 0;
          return result;
        },
        (error: unknown) => {
          consecutiveErrors += 1;
          this.lastError = error;
          this.log({ level: 'error', message: 'stream pump poll failed', error, tableName: this.options.tableName });
          return { progressed: false, quiet: false, msUntilWindowCloses: Infinity };
        },
      );
      if (report.quiet) this.releaseDrainWaiters(startedAt);
      if (!report.progressed) await this.pause(this.idleDelay(report, consecutiveErrors));
    }
  }

  private async cycle(): Promise<CycleReport> {
    if (Date.now() - this.shardsListedAt >= this.settings.shardRefreshIntervalMs) await this.refreshShards();
    let progressed = false;
    let buffered = false;
    let windowMs = Infinity;
    for (const shard of shardsReadyToRead(this.shards, this.finishedShards)) {
      if (this.stopping) break;
      const cursor = this.cursorFor(shard.shardId);
      progressed = (await cursor.read()) > 0 || progressed;
      progressed = (await this.deliverReadyBatches(cursor)) || progressed;
      if (cursor.exhausted && cursor.bufferState.bufferedCount === 0) {
        this.finishShard(cursor);
        progressed = true;
      }
      buffered ||= cursor.bufferState.bufferedCount > 0;
      windowMs = Math.min(windowMs, msUntilWindowCloses(cursor.bufferState, this.settings, Date.now()));
    }
    return { progressed, quiet: !progressed && !buffered, msUntilWindowCloses: windowMs };
  }

  private async deliverReadyBatches(cursor: ShardCursor): Promise<boolean> {
    let delivered = false;
    for (;;) {
      const count = readyBatchSize(cursor.bufferState, this.settings, Date.now());
      if (count === 0 || this.stopping) return delivered;
      const batch = cursor.take(count);
      const result = await deliverBatch(batch, {
        handler: this.options.handler,
        lambdaContext: () => localLambdaContext(this.options.function ?? LOCAL_STREAM_FUNCTION, { region: this.awsRegion }),
        onFailure: this.options.onFailure ?? logFailedBatch(this.log),
        maximumRetryAttempts: this.settings.maximumRetryAttempts,
        retryDelayMs: this.settings.retryDelayMs,
        streamArn: this.streamArn,
        shardId: cursor.shardId,
        log: this.log,
        pause: (ms) => this.pause(ms),
        isStopping: () => this.stopping,
      });
      if (result === 'finished') await this.checkpoint(cursor.shardId, batch);
      delivered = true;
    }
  }

  private async checkpoint(shardId: string, batch: readonly { dynamodb?: { SequenceNumber?: string } }[]): Promise<void> {
    const last = batch.at(-1)?.dynamodb?.SequenceNumber;
    if (last !== undefined) await this.options.checkpoints?.save(this.streamArn, shardId, last);
  }

  /**
   * Where a shard's reading starts: after its checkpoint when there is one; otherwise from its
   * start: with TRIM_HORIZON every shard, with LATEST only shards created after start (the others
   * got a LATEST cursor in `positionInitialShards`), which hold nothing but new records.
   */
  private startOf(shardId: string): IteratorPosition {
    const sequenceNumber = this.resumeAfter.get(shardId);
    if (sequenceNumber !== undefined) return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber };
    return { type: 'TRIM_HORIZON' };
  }

  private cursorFor(shardId: string, startAt: IteratorPosition = this.startOf(shardId)): ShardCursor {
    let cursor = this.cursors.get(shardId);
    if (!cursor) {
      cursor = new ShardCursor({
        shardId,
        reader: this.reader,
        startAt,
        source: { eventSourceArn: this.streamArn, awsRegion: this.awsRegion },
        accepts: (record) => matchesAnyFilterPattern(this.options.filterPatterns, record),
        log: this.log,
        now: Date.now,
      });
      this.cursors.set(shardId, cursor);
    }
    return cursor;
  }

  private finishShard(cursor: ShardCursor): void {
    this.finishedShards.add(cursor.shardId);
    this.cursors.delete(cursor.shardId);
    // Its children may be waiting: look for them on the next poll.
    this.shardsListedAt = 0;
  }

  private async refreshShards(): Promise<void> {
    this.shards = await this.reader.listShards();
    this.shardsListedAt = Date.now();
  }

  private idleDelay(report: CycleReport, consecutiveErrors: number): number {
    if (consecutiveErrors > 0) return Math.min(this.settings.pollIntervalMs * 2 ** consecutiveErrors, 5_000);
    const drainDue = Math.min(...this.drainWaiters.map((waiter) => waiter.quietPollAfter - Date.now()));
    return Math.max(0, Math.min(this.settings.pollIntervalMs, report.msUntilWindowCloses, drainDue));
  }

  private releaseDrainWaiters(cycleStartedAt: number): void {
    const released = this.drainWaiters.filter((waiter) => waiter.quietPollAfter <= cycleStartedAt);
    this.drainWaiters = this.drainWaiters.filter((waiter) => waiter.quietPollAfter > cycleStartedAt);
    released.forEach((waiter) => waiter.resolve());
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** Same as `StreamPump.start`. */
export function startStreamPump(options: StreamPumpOptions): Promise<StreamPump> {
  return StreamPump.start(options);
}
