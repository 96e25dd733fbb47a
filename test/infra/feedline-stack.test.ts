import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStreamFunctionConfig } from '../../shared/config/stream-function-config.ts';
import { NETWORK_OBJECT_PREFIX, publicationObjectPrefix } from '../../shared/publication/publication-keys.ts';
import { POST_RECORD_FILTER_PATTERN, TABLE_KEYS, TIME_TO_LIVE_ATTRIBUTE } from '../../shared/store/table-design.ts';
import { globMatches } from '../support/iam-policy-evaluation.ts';
import { buildFeedlineStack, getAtt, logicalIdStartingWith, onlyLogicalId, readCdkJson, synthFeedline } from './synth-feedline.ts';

// The first synth in a process also starts CDK's built-in CloudFormation validator (~4 s).
const SYNTH_TIMEOUT_MS = 60_000;

let template: Template;
let annotations: Annotations;
let ids: { table: string; bucket: string; logBucket: string; fn: string; queue: string; logGroup: string; role: string; distribution: string };

beforeAll(() => {
  const stack = buildFeedlineStack();
  template = Template.fromStack(stack);
  annotations = Annotations.fromStack(stack);
  ids = {
    table: onlyLogicalId(template, 'AWS::DynamoDB::GlobalTable'),
    bucket: logicalIdStartingWith(template, 'AWS::S3::Bucket', 'FeedsBucket'),
    logBucket: logicalIdStartingWith(template, 'AWS::S3::Bucket', 'AccessLogsBucket'),
    distribution: onlyLogicalId(template, 'AWS::CloudFront::Distribution'),
    fn: onlyLogicalId(template, 'AWS::Lambda::Function'),
    queue: onlyLogicalId(template, 'AWS::SQS::Queue'),
    logGroup: onlyLogicalId(template, 'AWS::Logs::LogGroup'),
    role: logicalIdStartingWith(template, 'AWS::IAM::Role', 'StreamPublisher'),
  };
}, SYNTH_TIMEOUT_MS);

function functionProperties(): Record<string, any> {
  return template.findResources('AWS::Lambda::Function')[ids.fn]!.Properties;
}

interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

function roleStatements(): PolicyStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[],
  );
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('cdk.json', () => {
  it('runs infra/app.ts and keeps the CLI off the network', () => {
    const cdkJson = readCdkJson();
    expect(cdkJson.app).toContain('infra/app.ts');
    expect(cdkJson.notices).toBe(false);
    expect(cdkJson.versionReporting).toBe(false);
    expect(cdkJson.context['cli-telemetry']).toBe(false);
  });
});

describe('synthesis', () => {
  it('raises no construct warnings or errors', () => {
    annotations.hasNoWarning('*', Match.anyValue());
    annotations.hasNoError('*', Match.anyValue());
  });
});

describe('posts table', () => {
  it('uses the key design from shared/store/table-design.ts, both keys strings', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      ]),
    });
  });

  it('indexes subscriptions by publication (sparse, all attributes), so sub list is one Query', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'subscriptionsByPublication',
          KeySchema: [
            { AttributeName: 'subscriptionPublication', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'subscriptionPublication', AttributeType: 'S' },
        { AttributeName: 'id', AttributeType: 'S' },
      ]),
    });
  });

  it('bills on demand and streams new and old images', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('expires items by the TTL attribute from table-design.ts (pending unsubscribes)', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TIME_TO_LIVE_ATTRIBUTE, Enabled: true },
    });
  });

  it('has point-in-time recovery, deletion protection in production, and survives stack deletion', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('posts table outside production', () => {
  it('can be deleted by the stack owner (no deletion protection), still with PITR', () => {
    const staging = synthFeedline({ stage: 'development' });
    staging.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: false,
        }),
      ],
    });
  }, SYNTH_TIMEOUT_MS);
});

describe('feed bucket', () => {
  it('blocks every kind of public access', () => {
    expect(template.findResources('AWS::S3::Bucket')[ids.bucket]?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('denies any request that does not use TLS, on the bucket and its objects', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [getAtt(ids.bucket, 'Arn'), { 'Fn::Join': ['', [getAtt(ids.bucket, 'Arn'), '/*']] }],
          },
        ]),
      },
    });
  });

  it('encrypts with S3-managed keys and keeps versions for rollback, expiring old ones after 30 days', () => {
    expect(template.findResources('AWS::S3::Bucket')[ids.bucket]?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true })],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('writes server access logs into the log bucket, under s3/feeds/', () => {
    expect(template.findResources('AWS::S3::Bucket')[ids.bucket]?.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: ids.logBucket },
      LogFilePrefix: 's3/feeds/',
    });
  });

  it('lets only this distribution read objects (origin access control), and nobody list or write', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (resource) => JSON.stringify(resource.Properties.Bucket) === JSON.stringify({ Ref: ids.bucket }),
    );
    const allows = (policy?.Properties.PolicyDocument.Statement as PolicyStatement[]).filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [getAtt(ids.bucket, 'Arn'), '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: ids.distribution }]],
            },
          },
        },
      },
    ]);
  });
});

describe('access log bucket', () => {
  it('is private, encrypted, TLS-only, accepts CloudFront log delivery (ACLs) and expires logs after 90 days', () => {
    expect(template.findResources('AWS::S3::Bucket')[ids.logBucket]?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 90 })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.logBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('stream publisher function', () => {
  it('runs the bundled ESM handler on Node.js 24, ARM, 512 MB, 60 s, traced by X-Ray', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      TracingConfig: { Mode: 'Active' },
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 60,
    });
  });

  it('gets exactly the runtime-env variables, the Powertools service, and source maps for the minified bundle', () => {
    expect(functionProperties().Environment.Variables).toEqual({
      TABLE_NAME: { Ref: ids.table },
      BUCKET_NAME: { Ref: ids.bucket },
      SITE_TITLE: 'Feedline Sample Site',
      SITE_DESCRIPTION: 'Posts from the Feedline sample site',
      SITE_URL: 'https://www.example.org/',
      FEED_BASE_URL: { 'Fn::Join': ['', ['https://', getAtt(ids.distribution, 'DomainName'), '/']] },
      SITE_LANGUAGE: 'en',
      TAG_AUTHORITY: 'example.org,2026',
      ITEMS_PER_FEED: '50',
      FEED_CACHE_CONTROL: 'public, max-age=60, stale-while-revalidate=300',
      ARCHIVE_CACHE_CONTROL: 'public, max-age=86400, stale-while-revalidate=604800',
      POWERTOOLS_SERVICE_NAME: 'feedline-stream',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('builds self links on the custom domain when one is configured', () => {
    const custom = synthFeedline({
      customDomain: 'feeds.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
    });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FEED_BASE_URL: 'https://feeds.example.org/' }) },
    });
  }, SYNTH_TIMEOUT_MS);

  it('has an environment the handler accepts at cold start', () => {
    const variables = functionProperties().Environment.Variables as Record<string, unknown>;
    const deployed = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : deployedValue(name)]),
    );
    const config = loadStreamFunctionConfig({ ...deployed, AWS_REGION: 'eu-west-1' });
    expect(config.tableName).toBe('deployed-TABLE_NAME');
    expect(config.site).toMatchObject({ itemsPerFeed: 50, language: 'en', feedBaseUrl: 'https://deployed-FEED_BASE_URL/' });
  });

  it('logs to its own log group, kept for the configured retention (a month by default)', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(functionProperties().LoggingConfig).toEqual({ LogGroup: { Ref: ids.logGroup } });
    synthFeedline({ logRetentionDays: '90' }).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  }, SYNTH_TIMEOUT_MS);

  it('passes deployment settings given as CDK context into the environment', () => {
    const custom = synthFeedline({ siteTitle: 'Night Desk', itemsPerFeed: '25' });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SITE_TITLE: 'Night Desk', ITEMS_PER_FEED: '25' }) },
    });
  }, SYNTH_TIMEOUT_MS);
});

describe('stream event source mapping', () => {
  it('reads the table stream from the start, in batches of up to 1,000, one at a time per shard, invoking as soon as records are found', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(ids.table, 'StreamArn'),
      FunctionName: { Ref: ids.fn },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
    });
  });

  it('isolates poison records: partial batch responses, bisection, bounded retries and age', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 6 * 60 * 60,
    });
  });

  it('filters with the post-record pattern from table-design.ts, unchanged', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(POST_RECORD_FILTER_PATTERN) }] },
    });
  });

  it('records dropped batches in an SSL-only queue kept for 14 days', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      DestinationConfig: { OnFailure: { Destination: getAtt(ids.queue, 'Arn') } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 60 * 60 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('stream publisher permissions', () => {
  it('uses no wildcard actions', () => {
    const actions = roleStatements().flatMap((statement) => asArray(statement.Action));
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('grants "*" resources only to the X-Ray actions, which have no resource-level permissions', () => {
    const unscoped = roleStatements().filter((statement) => asArray(statement.Resource).includes('*'));
    expect(unscoped.flatMap((statement) => asArray(statement.Action)).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('grants each action only on the resource it is for', () => {
    // CDK sorts a statement's resources.
    const objects = ['/assets/feed.css', '/assets/feed.xsl', '/assets/subscribe.js', '/feeds.opml', '/feeds/*', '/index.html', '/network/*', '/pubs/*'].map((key) => ({ 'Fn::Join': ['', [getAtt(ids.bucket, 'Arn'), key]] }));
    const expected: Record<string, unknown[]> = {
      'dynamodb:BatchWriteItem': [getAtt(ids.table, 'Arn')],
      'dynamodb:DeleteItem': [getAtt(ids.table, 'Arn')],
      'dynamodb:GetItem': [getAtt(ids.table, 'Arn')],
      'dynamodb:PutItem': [getAtt(ids.table, 'Arn')],
      'dynamodb:Query': [getAtt(ids.table, 'Arn')],
      'dynamodb:DescribeStream': [getAtt(ids.table, 'StreamArn')],
      'dynamodb:GetRecords': [getAtt(ids.table, 'StreamArn')],
      'dynamodb:GetShardIterator': [getAtt(ids.table, 'StreamArn')],
      'dynamodb:ListStreams': [getAtt(ids.table, 'StreamArn')],
      's3:GetObject': objects,
      's3:PutObject': objects,
      'xray:PutTelemetryRecords': ['*'],
      'xray:PutTraceSegments': ['*'],
      's3:ListBucket': [getAtt(ids.bucket, 'Arn')],
      'sqs:GetQueueAttributes': [getAtt(ids.queue, 'Arn')],
      'sqs:GetQueueUrl': [getAtt(ids.queue, 'Arn')],
      'sqs:SendMessage': [getAtt(ids.queue, 'Arn')],
      'logs:CreateLogStream': [getAtt(ids.logGroup, 'Arn')],
      'logs:PutLogEvents': [getAtt(ids.logGroup, 'Arn')],
    };
    const granted: Record<string, unknown[]> = {};
    for (const statement of roleStatements()) {
      expect(statement.Effect).toBe('Allow');
      for (const action of asArray(statement.Action)) {
        granted[action] = [...(granted[action] ?? []), ...asArray(statement.Resource)];
      }
    }
    expect(granted).toEqual(expected);
  });

  it('lets ListBucket see only keys under feeds/, the site pages, the publications and the network directory', () => {
    const listing = roleStatements().filter((statement) => asArray(statement.Action).includes('s3:ListBucket'));
    expect(listing).toEqual([
      expect.objectContaining({
        Condition: { StringLike: { 's3:prefix': ['feeds/*', 'index.html', 'feeds.opml', 'assets/feed.xsl', 'assets/feed.css', 'assets/subscribe.js', 'pubs/*', 'network/*'] } },
      }),
    ]);
  });

  it("covers a publication's objects and the network directory, and nothing else of the bucket", () => {
    const writable = roleStatements()
      .filter((statement) => asArray(statement.Action).includes('s3:PutObject'))
      .flatMap((statement) => asArray(statement.Resource) as { 'Fn::Join': [string, [unknown, string]] }[])
      .map((resource) => resource['Fn::Join'][1][1].slice(1));
    const covered = (key: string) => writable.some((pattern) => globMatches(pattern, key));
    const fa = publicationObjectPrefix('fa');
    for (const key of [`${fa}feeds/all/rss.xml`, `${fa}feeds/topics/media/archive/1/atom.xml`, `${fa}index.html`, `${fa}feeds.opml`, `${fa}assets/feed.xsl`]) {
      expect(covered(key), key).toBe(true);
    }
    for (const key of [`${NETWORK_OBJECT_PREFIX}index.html`, `${NETWORK_OBJECT_PREFIX}feeds.opml`, 'feeds/all/rss.xml', 'index.html']) expect(covered(key), key).toBe(true);
    for (const key of ['robots.txt', 'private/export.csv', 'pubsfa/index.html', 'networks/index.html', 'assets/other.js']) expect(covered(key), key).toBe(false);
  });

  it('attaches no managed policies (AWSLambdaBasicExecutionRole would allow logs on *)', () => {
    const role = template.findResources('AWS::IAM::Role')[ids.role]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });
});

describe('stack outputs', () => {
  it('give the feed URL, the distribution, the table, the bucket, the function, the DLQ and the alarm topic', () => {
    template.hasOutput('FeedBaseUrl', { Value: { 'Fn::Join': ['', ['https://', getAtt(ids.distribution, 'DomainName'), '/']] } });
    template.hasOutput('DistributionDomainName', { Value: getAtt(ids.distribution, 'DomainName') });
    template.hasOutput('DistributionId', { Value: { Ref: ids.distribution } });
    template.hasOutput('TableName', { Value: { Ref: ids.table } });
    template.hasOutput('BucketName', { Value: { Ref: ids.bucket } });
    template.hasOutput('StreamFunctionName', { Value: { Ref: ids.fn } });
    template.hasOutput('FailedBatchQueueUrl', { Value: { Ref: ids.queue } });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: onlyLogicalId(template, 'AWS::SNS::Topic') } });
    template.hasOutput('DashboardName', { Value: { Ref: onlyLogicalId(template, 'AWS::CloudWatch::Dashboard') } });
  });
});

/** A stand-in for a value the template only knows as a reference, shaped as the env schema wants. */
function deployedValue(name: string): string {
  return name === 'FEED_BASE_URL' ? 'https://deployed-FEED_BASE_URL/' : `deployed-${name}`;
}
