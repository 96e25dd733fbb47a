import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { NETWORK_OBJECT_PREFIX } from '../../shared/publication/publication-keys.ts';
import { SITE_OBJECT_KEYS } from '../../shared/publish/site/site-index-publisher.ts';
import { STREAM_EVENT_SOURCE } from '../../shared/publish/stream/stream-event-source.ts';
import { POST_RECORD_FILTER_PATTERN } from '../../shared/store/table-design.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { lambdaRuntimeEnvironment } from '../runtime-environment.ts';
import { FeedlineFunction } from './feedline-function.ts';

export interface StreamPublisherProps {
  /** TypeScript module exporting `handler`. */
  entry: string;
  /** The lock file whose folder esbuild resolves dependencies from. */
  depsLockFilePath: string;
  table: dynamodb.ITableV2;
  bucket: s3.IBucket;
  /** Key prefix of the feed files the function reads and writes, e.g. `feeds/`. */
  feedObjectPrefix: string;
  /** Public base URL of the feeds (self links); usually derived from the distribution. */
  feedBaseUrl: string;
  deployment: DeploymentConfig;
}

/** Item actions the publish path uses: read posts, maintain feed memberships, query newest N. */
const TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
];

/**
 * Every publication but the default writes its feeds and pages under `pubs/<id>/`
 * (publicationObjectPrefix), and the network directory lives under `network/`. Publications are
 * added without a deploy, so the grant is the prefix, not a list of ids.
 */
const PUBLICATION_OBJECT_PREFIX = 'pubs/';
const NETWORK_PREFIXES = [PUBLICATION_OBJECT_PREFIX, NETWORK_OBJECT_PREFIX] as const;

/** The failed-batch queue keeps messages as long as SQS allows: a replay may wait for a fix. */
const FAILED_BATCH_RETENTION = Duration.days(14);

/**
 * The stream-triggered Lambda that turns post changes into feed files, with everything that
 * belongs to it alone: its role, log group, event source mapping and failed-batch queue.
 */
export class StreamPublisher extends Construct {
  readonly function: NodejsFunction;
  readonly failedBatches: sqs.Queue;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StreamPublisherProps) {
    super(scope, id);
    // 'Default' leaves the construct out of logical ids: the log group, role and function keep
    // theirs, so a deployed stack updates them in place instead of replacing them.
    const publisher = new FeedlineFunction(this, 'Default', {
      service: METRIC_SERVICES.stream,
      description: 'Renders and publishes the feeds that a batch of post changes affects',
      entry: props.entry,
      depsLockFilePath: props.depsLockFilePath,
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention: props.deployment.logRetentionDays as logs.RetentionDays,
      environment: lambdaRuntimeEnvironment(
        { tableName: props.table.tableName, bucketName: props.bucket.bucketName, feedBaseUrl: props.feedBaseUrl },
        props.deployment,
      ),
    });
    this.function = publisher.function;
    this.logGroup = publisher.logGroup;
    this.failedBatches = new sqs.Queue(this, 'FailedBatches', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: FAILED_BATCH_RETENTION,
    });
    Validations.of(this.failedBatches).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the on-failure destination (the DLQ) of the stream mapping; SQS3 only recognises queues named in a redrive policy. `feedline dlq replay` drains it.',
    });
    this.grantPublishing(publisher.role, props);
    this.function.addEventSource(this.createEventSource(props.table));
  }

  private grantPublishing(role: iam.Role, props: StreamPublisherProps): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: TABLE_ITEM_ACTIONS, resources: [props.table.tableArn] }),
    );
    const objectKeys = [`${props.feedObjectPrefix}*`, ...SITE_OBJECT_KEYS, ...NETWORK_PREFIXES.map((prefix) => `${prefix}*`)];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: objectKeys.map((key) => props.bucket.arnForObjects(key)),
      }),
    );
    // Without ListBucket, S3 answers a read of a missing feed with 403 instead of 404, and the
    // publisher could not tell "first render" from "access denied". For that check S3 evaluates
    // s3:prefix as the requested key, so the condition keeps listing inside the feed prefix (the
    // index page lists the feeds there), to the site pages' own keys, and to the publications'
    // and the network directory's prefixes.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': objectKeys } },
      }),
    );
    this.acknowledgeScopedWildcard(role, props);
  }

  private acknowledgeScopedWildcard(role: iam.Role, props: StreamPublisherProps): void {
    const policy = role.node.findChild('DefaultPolicy');
    const bucketId = Stack.of(this).getLogicalId(props.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${props.feedObjectPrefix}*]`,
      reason: 'Scoped to the feed files: every feed is a key under feeds/ and feeds appear as topics do, so they cannot be listed one by one.',
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${PUBLICATION_OBJECT_PREFIX}*]`,
      reason: 'Scoped to the publications\' objects: each publication other than the default lives under pubs/<id>/, and publications are added at run time without a deploy, so they cannot be listed one by one.',
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${NETWORK_OBJECT_PREFIX}*]`,
      reason: 'Scoped to the network directory (network/index.html, network/feeds.opml and what they need), which the stream function rewrites when a publication changes.',
    });
  }

  /**
   * One poison record must not block a shard: failures are reported per item, batches are
   * bisected, retries and record age are bounded, and what is finally dropped is recorded.
   */
  private createEventSource(table: dynamodb.ITableV2): DynamoEventSource {
    return new DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: STREAM_EVENT_SOURCE.batchSize,
      maxBatchingWindow: Duration.seconds(STREAM_EVENT_SOURCE.maximumBatchingWindowSeconds),
      parallelizationFactor: STREAM_EVENT_SOURCE.parallelizationFactor,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: STREAM_EVENT_SOURCE.maximumRetryAttempts,
      maxRecordAge: Duration.seconds(STREAM_EVENT_SOURCE.maximumRecordAgeSeconds),
      filters: [lambda.FilterCriteria.filter(POST_RECORD_FILTER_PATTERN)],
      // For stream sources the queue receives the shard and sequence-number range of the
      // dropped batch, not the records: `feedline dlq replay` re-reads them from the stream
      // within its 24 h retention, or rebuilds the feeds from the table after that.
      onFailure: new SqsDlq(this.failedBatches),
    });
  }
}
