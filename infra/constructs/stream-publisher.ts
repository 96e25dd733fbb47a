import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_EVENT_SOURCE } from '../../shared/publish/stream-event-source.ts';
import { POST_RECORD_FILTER_PATTERN } from '../../shared/store/table-design.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { lambdaRuntimeEnvironment } from '../runtime-environment.ts';

export interface StreamPublisherProps {
  /** TypeScript module exporting `handler`. */
  entry: string;
  /** The lock file whose folder esbuild resolves dependencies from. */
  depsLockFilePath: string;
  table: dynamodb.ITableV2;
  bucket: s3.IBucket;
  /** Key pattern of the objects the function may read and write, e.g. `feeds/*`. */
  feedObjectsPattern: string;
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
 * ESM bundles run CommonJS dependencies through esbuild's `__require`, which needs a real
 * `require` in scope; ESM has none, so the bundle makes one. The alias avoids clashing with a
 * bundled module that imports `createRequire` itself.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as feedlineCreateRequire } from 'node:module'; const require = feedlineCreateRequire(import.meta.url);";

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
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    this.failedBatches = new sqs.Queue(this, 'FailedBatches', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    const role = this.createRole(props);
    this.function = this.createFunction(props, role);
    this.function.addEventSource(this.createEventSource(props.table));
  }

  /** An explicit role instead of AWSLambdaBasicExecutionRole, whose log actions apply to `*`. */
  private createRole(props: StreamPublisherProps): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: TABLE_ITEM_ACTIONS, resources: [props.table.tableArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.bucket.arnForObjects(props.feedObjectsPattern)],
      }),
    );
    // Without ListBucket, S3 answers a read of a missing feed with 403 instead of 404, and the
    // publisher could not tell "first render" from "access denied". For that check S3 evaluates
    // s3:prefix as the requested key, so the condition keeps listing inside the feed prefix.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [props.feedObjectsPattern] } },
      }),
    );
    return role;
  }

  private createFunction(props: StreamPublisherProps, role: iam.IRole): NodejsFunction {
    return new NodejsFunction(this, 'Function', {
      description: 'Renders and publishes the feeds that a batch of post changes affects',
      entry: props.entry,
      handler: 'handler',
      depsLockFilePath: props.depsLockFilePath,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(60),
      role,
      logGroup: this.logGroup,
      environment: {
        ...lambdaRuntimeEnvironment(
          { tableName: props.table.tableName, bucketName: props.bucket.bucketName },
          props.deployment,
        ),
        // The bundle is minified; without this the shipped source map is never used in traces.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too: the ESM build loads faster than the runtime's copy and the
        // versions are the ones the tests ran against (FIELD-NOTES, "Measured here").
        externalModules: [],
      },
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
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: STREAM_EVENT_SOURCE.maximumRetryAttempts,
      maxRecordAge: Duration.seconds(STREAM_EVENT_SOURCE.maximumRecordAgeSeconds),
      filters: [lambda.FilterCriteria.filter(POST_RECORD_FILTER_PATTERN)],
      // For stream sources the queue receives the shard and sequence-number range of the
      // dropped batch, not the records: replay them from the stream within its 24 h retention.
      onFailure: new SqsDlq(this.failedBatches),
    });
  }
}
