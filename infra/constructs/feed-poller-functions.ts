import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PollSchedulerEnvSchema } from '../../shared/config/poll-scheduler-config.ts';
import type { PollerEnvSchema } from '../../shared/config/poller-config.ts';
import { POLL_QUEUE } from '../../shared/ingest/fan-out/poll-queue-settings.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { DUE_INDEX } from '../../shared/store/table-design.ts';
import { FeedlineFunction } from './feedline-function.ts';
import type { z } from 'zod';

/** Poller settings the stack may set; each one is validated by the function at cold start. */
export type PollerEnvironment = Partial<Record<Exclude<keyof z.input<typeof PollerEnvSchema>, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'TABLE_NAME' | 'POLL_ALLOW_PRIVATE_ADDRESSES'>, string>>;

/** The worker's whole environment: the SSRF guard can only be on in AWS. */
type PollWorkerEnvironment = PollerEnvironment & { TABLE_NAME: string; POLL_ALLOW_PRIVATE_ADDRESSES: 'false' };

/** The scheduler's whole environment: the table and the queue it sends to. */
type PollSchedulerEnvironment = Pick<Record<keyof z.input<typeof PollSchedulerEnvSchema>, string>, 'TABLE_NAME' | 'POLL_QUEUE_URL'>;

export interface FeedPollerFunctionsProps {
  /** TypeScript module exporting `handler` (functions/poller/handler.ts): the scheduler. */
  entry: string;
  /** TypeScript module exporting `handler` (functions/poll-worker/handler.ts): the queue's worker. */
  workerEntry: string;
  /** The lock file whose folder esbuild resolves dependencies from. */
  depsLockFilePath: string;
  /** The posts table, with the `due` index (see `PostsTable`). */
  table: dynamodb.ITableV2;
  /** When a poll run starts (e.g. `Schedule.expression(deployment.pollSchedule)`); each subscription is polled only when due. */
  schedule?: events.Schedule;
  logRetention: logs.RetentionDays;
  /** Must name the publisher and a contact URL: partners see it in their logs. */
  userAgent: string;
  /** Where hubs reach the WebSub callback (its function URL); unset, the poller never subscribes. */
  websubCallbackBaseUrl?: string;
  /** Worker settings (fetch limits, schedule); POLL_CONCURRENCY is the batch size and cannot be set. */
  settings?: Omit<PollerEnvironment, 'POLL_CONCURRENCY'>;
  /** Worker invocations at once, and so the bound on requests to one host (times POLL_PER_HOST_CONCURRENCY). */
  maxWorkers?: number;
}

/** The worker's reads and writes of subscriptions and ingested posts: no Query, no Scan, no Delete, no S3. */
const WORKER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** Finding and sending 20,000 due subscriptions takes seconds; a minute is ample. */
const SCHEDULER_TIMEOUT = Duration.minutes(1);

/** Messages nobody could process stay long enough for someone to look at them. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * The ingest poller as a fan-out. An EventBridge rule starts the scheduler every few minutes; it
 * queries the due index and sends the due subscriptions to the poll queue, fetching nothing. The
 * worker function on the queue claims and polls each subscription of its batch, writes changed
 * items as posts (which the table's stream publishes like any other post) and reports per message
 * which failed. Messages that fail `maxReceiveCount` times go to the dead-letter queue. Both roles
 * reach the table and their queue, nothing else.
 */
export class FeedPollerFunctions extends Construct {
  /** The scheduler. */
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly rule: events.Rule;
  readonly worker: NodejsFunction;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: FeedPollerFunctionsProps) {
    super(scope, id);
    this.deadLetters = this.createDeadLetterQueue();
    this.queue = new sqs.Queue(this, 'PollQueue', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(POLL_QUEUE.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(POLL_QUEUE.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: POLL_QUEUE.maxReceiveCount },
    });
    // 'Default' leaves the construct out of logical ids: the log group, role and function keep
    // theirs, so a deployed stack updates them in place instead of replacing them.
    const scheduler = new FeedlineFunction(this, 'Default', {
      service: METRIC_SERVICES.poller,
      description: 'Finds the due partner feeds and sends them to the poll queue',
      entry: props.entry,
      depsLockFilePath: props.depsLockFilePath,
      memorySize: 512,
      timeout: SCHEDULER_TIMEOUT,
      logRetention: props.logRetention,
      environment: schedulerEnvironment(props, this.queue),
    });
    this.function = scheduler.function;
    this.logGroup = scheduler.logGroup;
    scheduler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${props.table.tableArn}/index/${DUE_INDEX.name}`] }),
    );
    this.queue.grantSendMessages(scheduler.role);
    this.worker = this.createWorker(props);
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Sends the due partner feeds to the poll queue; subscriptions that are not due are skipped',
      schedule: props.schedule ?? events.Schedule.rate(Duration.minutes(5)),
      // No retries: the next tick is the retry, and due subscriptions stay due until polled.
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
    });
  }

  private createDeadLetterQueue(): sqs.Queue {
    const deadLetters = new sqs.Queue(this, 'PollDeadLetters', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: DEAD_LETTER_RETENTION });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the poll queue (its redrive policy names it); a DLQ of a DLQ would only move the problem.',
    });
    return deadLetters;
  }

  /**
   * One batch of 10 per invocation, at most `maxWorkers` at once (the mapping's maximum
   * concurrency, which also bounds what one host sees), failures reported per message.
   */
  private createWorker(props: FeedPollerFunctionsProps): NodejsFunction {
    const worker = new FeedlineFunction(this, 'Worker', {
      service: METRIC_SERVICES.poller,
      description: 'Polls a batch of due partner feeds from the poll queue and writes their new or changed items as posts',
      entry: props.workerEntry,
      depsLockFilePath: props.depsLockFilePath,
      memorySize: 1024,
      timeout: Duration.seconds(POLL_QUEUE.workerTimeoutSeconds),
      logRetention: props.logRetention,
      environment: workerEnvironment(props),
    });
    worker.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: WORKER_TABLE_ACTIONS, resources: [props.table.tableArn] }));
    worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: POLL_QUEUE.batchSize,
        maxConcurrency: props.maxWorkers ?? POLL_QUEUE.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return worker.function;
  }
}

function schedulerEnvironment(props: FeedPollerFunctionsProps, queue: sqs.IQueue): PollSchedulerEnvironment {
  return { TABLE_NAME: props.table.tableName, POLL_QUEUE_URL: queue.queueUrl };
}

function workerEnvironment(props: FeedPollerFunctionsProps): PollWorkerEnvironment {
  return {
    ...props.settings,
    // Every message of a batch at once: the batch size is the worker's concurrency.
    POLL_CONCURRENCY: String(POLL_QUEUE.batchSize),
    TABLE_NAME: props.table.tableName,
    POLL_USER_AGENT: props.userAgent,
    ...(props.websubCallbackBaseUrl === undefined ? {} : { WEBSUB_CALLBACK_BASE_URL: props.websubCallbackBaseUrl }),
    // Spelled out, so a reader of the template sees the SSRF guard is on.
    POLL_ALLOW_PRIVATE_ADDRESSES: 'false',
  };
}
