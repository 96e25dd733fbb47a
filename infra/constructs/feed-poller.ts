import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PollerEnvSchema } from '../../shared/config/poller-env.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { DUE_INDEX } from '../../shared/store/table-design.ts';
import { FeedlineFunction } from './feedline-function.ts';
import type { z } from 'zod';

/** Poller settings the stack may set; each one is validated by the function at cold start. */
export type PollerEnvironment = Partial<Record<Exclude<keyof z.input<typeof PollerEnvSchema>, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'TABLE_NAME' | 'POLL_ALLOW_PRIVATE_ADDRESSES'>, string>>;

/** The poller function's whole environment: the SSRF guard can only be on in AWS. */
type PollerFunctionEnvironment = PollerEnvironment & { TABLE_NAME: string; POLL_ALLOW_PRIVATE_ADDRESSES: 'false' };

export interface FeedPollerProps {
  /** TypeScript module exporting `handler` (functions/poller/handler.ts). */
  entry: string;
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
  settings?: PollerEnvironment;
}

/** Subscription reads and writes and the ingested posts: no Scan, no Delete, no S3 at all. */
const TABLE_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** A run may use all of it; the handler stops starting subscriptions a fetch timeout before the end. */
const RUN_TIMEOUT = Duration.minutes(5);

/**
 * The scheduled poller: an EventBridge rule starts a run every few minutes; the run queries the
 * due index, claims and polls each due subscription and writes changed items as posts, which the
 * table's stream then publishes like any other post. Its role reaches the table and nothing else.
 */
export class FeedPoller extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: FeedPollerProps) {
    super(scope, id);
    // 'Default' leaves the construct out of logical ids: the log group, role and function keep
    // theirs, so a deployed stack updates them in place instead of replacing them.
    const poller = new FeedlineFunction(this, 'Default', {
      service: METRIC_SERVICES.poller,
      description: 'Polls the due partner feeds and writes their new or changed items as posts',
      entry: props.entry,
      depsLockFilePath: props.depsLockFilePath,
      memorySize: 1024,
      timeout: RUN_TIMEOUT,
      logRetention: props.logRetention,
      environment: pollerEnvironment(props),
    });
    this.function = poller.function;
    this.logGroup = poller.logGroup;
    this.grantTableAccess(poller.role, props.table);
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Starts a feed poll run; subscriptions that are not due are skipped',
      schedule: props.schedule ?? events.Schedule.rate(Duration.minutes(5)),
      // No retries: the next tick is the retry, and due subscriptions stay due until polled.
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
    });
  }

  private grantTableAccess(role: iam.Role, table: dynamodb.ITableV2): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: TABLE_ITEM_ACTIONS, resources: [table.tableArn] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${DUE_INDEX.name}`] }),
    );
  }
}

function pollerEnvironment(props: FeedPollerProps): PollerFunctionEnvironment {
  return {
    ...props.settings,
    TABLE_NAME: props.table.tableName,
    POLL_USER_AGENT: props.userAgent,
    ...(props.websubCallbackBaseUrl === undefined ? {} : { WEBSUB_CALLBACK_BASE_URL: props.websubCallbackBaseUrl }),
    // Spelled out, so a reader of the template sees the SSRF guard is on.
    POLL_ALLOW_PRIVATE_ADDRESSES: 'false',
  };
}
