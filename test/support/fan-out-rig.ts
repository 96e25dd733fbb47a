import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { postsTableDefinition } from '../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../local/emulators/emulator-credentials.ts';
import { SqsEventSource } from '../../local/queue/sqs-event-source.ts';
import { startSqsStandIn, type RunningSqsStandIn } from '../../local/queue/sqs-stand-in.ts';
import { LOCAL_POLL_WORKER_FUNCTION } from '../../local/queue/local-poll-fan-out.ts';
import type { AwsClients } from '../../shared/aws/aws-clients.ts';
import { createSqsClient } from '../../shared/aws/sqs-client.ts';
import { mapWithConcurrency } from '../../shared/concurrency/map-with-concurrency.ts';
import { DueDispatcher } from '../../shared/ingest/fan-out/due-dispatch.ts';
import { PollWorker } from '../../shared/ingest/fan-out/poll-worker.ts';
import { SqsPollQueue } from '../../shared/ingest/fan-out/sqs-poll-queue.ts';
import type { FetchRequest, FetchResult } from '../../shared/ingest/fetch/http-fetcher.ts';
import { FeedPoller } from '../../shared/ingest/feed-poller.ts';
import type { FeedFetcher } from '../../shared/ingest/poll-subscription.ts';
import { SILENT_LOG } from '../../shared/log/event-log.ts';
import { IngestedPostStore } from '../../shared/store/ingested-post-store.ts';
import { PollScheduleStore } from '../../shared/store/poll-schedule-store.ts';
import { SubscriptionRegistry } from '../../shared/store/subscription-registry.ts';
import { createEmulatorClients, destroyClients, EMULATOR_REGION } from './emulator-clients.ts';
import { uniqueResourceName } from './unique-names.ts';

export const POLL_QUEUE_NAME = 'polls';
export const DEAD_LETTERS_NAME = 'polls-dlq';
export const VISIBILITY_TIMEOUT_MS = 30_000;
export const MAX_RECEIVE_COUNT = 3;
export const LEASE_MS = 60_000;
/** Longer than any next fetch the schedule can set: every subscription is due again after it. */
export const PERIOD_MS = 25 * 3_600_000;

/** Answers every fetch with a 304 and counts the fetches of each URL, across all the workers it serves. */
export class CountingFetcher implements FeedFetcher {
  constructor(private readonly counts: Map<string, number>) {}

  async fetch(request: FetchRequest): Promise<FetchResult> {
    this.counts.set(request.url, (this.counts.get(request.url) ?? 0) + 1);
    return { kind: 'not-modified', status: 304, finalUrl: request.url };
  }
}

/** A worker that dies mid-batch: its fetches never answer, after they have been claimed. */
export class HangingFetcher implements FeedFetcher {
  readonly started: string[] = [];
  private onFirst: (() => void) | undefined;
  readonly firstFetch = new Promise<void>((resolve) => {
    this.onFirst = resolve;
  });

  fetch(request: FetchRequest): Promise<FetchResult> {
    this.started.push(request.url);
    this.onFirst?.();
    return new Promise<FetchResult>(() => undefined);
  }
}

export interface RigWorker {
  source: SqsEventSource;
}

/**
 * The fan-out on one machine with a clock the test moves: a table (no stream: nothing is
 * published here), the SQS stand-in, the scheduler and any number of workers, each with a poller
 * and fetcher of its own as separate Lambda instances have, all sending and receiving through the
 * SQS client.
 */
export class FanOutRig {
  readonly clock = () => new Date(this.time.now);
  /** Fetches per subscription URL by every worker started with `startWorker`. */
  readonly fetches = new Map<string, number>();
  /** Messages the workers' handlers handed back (`batchItemFailures`), all told. */
  returnedMessages = 0;
  readonly dispatcher: DueDispatcher;
  readonly pollSchedule: PollScheduleStore;
  private readonly workers: SqsEventSource[] = [];

  private constructor(
    readonly clients: AwsClients,
    readonly tableName: string,
    readonly sqsStandIn: RunningSqsStandIn,
    readonly sqs: SQSClient,
    private readonly time: { now: number },
  ) {
    this.pollSchedule = new PollScheduleStore(clients.documents, tableName);
    this.dispatcher = new DueDispatcher({
      pollSchedule: this.pollSchedule,
      queue: new SqsPollQueue(sqs, sqsStandIn.queueUrl(POLL_QUEUE_NAME)),
      maxSubscriptionsPerRun: 100_000,
      log: SILENT_LOG,
      clock: this.clock,
    });
  }

  static async create(): Promise<FanOutRig> {
    const clients = createEmulatorClients();
    const tableName = uniqueResourceName('fan-out');
    const { StreamSpecification: _stream, ...withoutStream } = postsTableDefinition(tableName);
    await clients.dynamoDb.send(new CreateTableCommand(withoutStream));
    const time = { now: Date.parse('2026-11-30T12:00:00Z') };
    const sqsStandIn = await startSqsStandIn({
      queues: [
        { name: POLL_QUEUE_NAME, visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_MS / 1000, redrive: { deadLetterQueueName: DEAD_LETTERS_NAME, maxReceiveCount: MAX_RECEIVE_COUNT } },
        { name: DEAD_LETTERS_NAME, visibilityTimeoutSeconds: 30 },
      ],
      now: () => time.now,
      log: () => undefined,
    });
    const sqs = createSqsClient({ region: EMULATOR_REGION, endpoint: sqsStandIn.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
    return new FanOutRig(clients, tableName, sqsStandIn, sqs, time);
  }

  get now(): number {
    return this.time.now;
  }

  /** Moves the clock of the queue (visibility timeouts) and of the pollers (leases, due times). */
  advance(ms: number): void {
    this.time.now += ms;
  }

  /** `count` subscriptions (`sub-0`…), due now, spread over 50 hosts; returns their URLs. */
  async subscribe(count: number): Promise<string[]> {
    const registry = new SubscriptionRegistry(this.clients.documents, this.tableName);
    const urls = Array.from({ length: count }, (_, index) => `https://partner-${index % 50}.example/feeds/${index}.xml`);
    const added = await mapWithConcurrency(urls.map((url, index) => ({ url, id: `sub-${index}` })), 16, ({ url, id }) =>
      registry.add({ id, url, topics: [{ slug: 'wire', label: 'Wire' }] }, new Date(this.now - 1_000)),
    );
    const failed = added.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return urls;
  }

  /** A worker as a Lambda instance: its own fetcher and poller, invoked by the event source with SQS events. */
  startWorker(fetcher: FeedFetcher = new CountingFetcher(this.fetches)): SqsEventSource {
    const poller = new FeedPoller({
      fetcher,
      posts: new IngestedPostStore(this.clients.documents, this.tableName),
      subscriptions: new SubscriptionRegistry(this.clients.documents, this.tableName),
      pollSchedule: this.pollSchedule,
      schedule: { pollIntervalMs: 15 * 60_000, maxIntervalMs: 24 * 3_600_000, errorBackoffBaseMs: 5 * 60_000, maxConsecutiveErrors: 3 },
      run: { concurrency: 10, maxSubscriptionsPerRun: 10, leaseMs: LEASE_MS },
      maxItemsPerFeed: 50,
      log: SILENT_LOG,
      clock: this.clock,
    });
    const worker = new PollWorker({ poller, log: SILENT_LOG });
    const source = SqsEventSource.start({
      sqs: this.sqs,
      queueUrl: this.sqsStandIn.queueUrl(POLL_QUEUE_NAME),
      queueArn: this.sqsStandIn.queueArn(POLL_QUEUE_NAME),
      awsRegion: EMULATOR_REGION,
      handler: async (event: SQSEvent) => {
        const { failedMessageIds } = await worker.pollMessages(event.Records.map((record) => ({ messageId: record.messageId, body: record.body })));
        this.returnedMessages += failedMessageIds.length;
        return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
      },
      function: LOCAL_POLL_WORKER_FUNCTION,
      batchSize: 10,
      maxConcurrency: 1,
      waitTimeSeconds: 1,
      log: () => undefined,
    });
    this.workers.push(source);
    return source;
  }

  /** Every body in the dead-letter queue. */
  async deadLetters(): Promise<string[]> {
    const { Messages } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.sqsStandIn.queueUrl(DEAD_LETTERS_NAME), MaxNumberOfMessages: 10 }));
    return (Messages ?? []).map((message) => message.Body ?? '');
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
    this.sqs.destroy();
    await this.sqsStandIn.stop();
    destroyClients(this.clients);
  }
}
