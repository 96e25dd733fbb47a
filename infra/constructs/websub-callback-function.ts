import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import type { PollerEnvironment } from './feed-poller-functions.ts';
import { FeedlineFunction } from './feedline-function.ts';

export interface WebSubCallbackFunctionProps {
  /** TypeScript module exporting `handler` (functions/websub/handler.ts). */
  entry: string;
  depsLockFilePath: string;
  table: dynamodb.ITableV2;
  logRetention: logs.RetentionDays;
  /** The poller's limits on a document; a pushed one is bounded the same way. */
  settings?: Pick<PollerEnvironment, 'POLL_MAX_ITEMS_PER_FEED' | 'FETCH_MAX_BODY_BYTES'>;
}

/** Read the subscription, confirm or record push state, write pushed items: no Query, Scan or Delete. */
const TABLE_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * A ceiling on what anonymous callers can make us spend: hubs deliver a few requests per changed
 * feed, and anything beyond this is throttled (a hub retries later) instead of scaling the bill.
 */
const RESERVED_CONCURRENCY = 10;

/**
 * The WebSub subscriber's callback: a function URL that hubs call to verify our subscriptions
 * and to push content. Hubs are anonymous, so the URL has no IAM auth; authenticity is the
 * per-subscription HMAC (`X-Hub-Signature`) and the per-attempt token in the callback URL.
 */
export class WebSubCallbackFunction extends Construct {
  readonly function: NodejsFunction;
  readonly functionUrl: lambda.FunctionUrl;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WebSubCallbackFunctionProps) {
    super(scope, id);
    // 'Default' leaves the construct out of logical ids: the log group, role and function keep
    // theirs, so a deployed stack updates them in place instead of replacing them.
    const callback = new FeedlineFunction(this, 'Default', {
      service: METRIC_SERVICES.websub,
      description: 'WebSub callback: verifies subscription intent and ingests signed pushed feeds',
      entry: props.entry,
      depsLockFilePath: props.depsLockFilePath,
      memorySize: 512,
      // Hubs time out callbacks after a few seconds; ingesting one document takes well under that.
      timeout: Duration.seconds(15),
      reservedConcurrentExecutions: RESERVED_CONCURRENCY,
      logRetention: props.logRetention,
      environment: { ...props.settings, TABLE_NAME: props.table.tableName },
    });
    this.function = callback.function;
    this.logGroup = callback.logGroup;
    callback.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: TABLE_ITEM_ACTIONS, resources: [props.table.tableArn] }));
    this.functionUrl = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
