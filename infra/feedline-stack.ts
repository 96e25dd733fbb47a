import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ACCESS_LOG_PREFIXES, AccessLogBucket } from './constructs/access-log-bucket.ts';
import { CmsPublicationRole } from './constructs/cms-publication-role.ts';
import { FEED_OBJECT_PREFIX, FeedBucket } from './constructs/feed-bucket.ts';
import { FeedDistribution } from './constructs/feed-distribution.ts';
import { FeedlineMonitoring } from './constructs/feedline-monitoring.ts';
import { PostsTable } from './constructs/posts-table.ts';
import { StreamPublisher } from './constructs/stream-publisher.ts';
import { feedBaseUrl, publicationDomainsOf, type DeploymentConfig } from './deployment-config.ts';

/** Resolved from this file, not the working directory, so synth works from any folder. */
const REPO_FILE = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const STREAM_HANDLER_ENTRY = REPO_FILE('functions/stream/handler.ts');
export const DEPS_LOCK_FILE = REPO_FILE('package-lock.json');

/**
 * What the core stack hands to an optional part of the pipeline, such as the ingest poller:
 * the table it writes posts into, the bucket, the validated settings (e.g. `pollSchedule`) and
 * the monitoring it registers its alarms with (`monitoring.addPollerMonitoring(fn)`).
 */
export interface FeedlineCore {
  table: dynamodb.TableV2;
  bucket: s3.IBucket;
  deployment: DeploymentConfig;
  monitoring: FeedlineMonitoring;
  depsLockFilePath: string;
  /** The feeds' public base URL (a token until deploy), which newsletters link from. */
  feedBaseUrl: string;
}

/** Adds constructs to the stack; called once the core resources exist. */
export type FeedlineStackPart = (scope: Construct, core: FeedlineCore) => void;

export interface FeedlineStackProps extends StackProps {
  deployment: DeploymentConfig;
  /** Optional parts, e.g. the ingest poller (`(scope, core) => new FeedPollerFunctions(scope, 'Poller', …)`). */
  parts?: readonly FeedlineStackPart[];
}

/**
 * The whole pipeline: posts table → stream → stream publisher → feed bucket → CloudFront, with
 * its access logs, alarms and dashboard. Each construct has one job; this class only wires them.
 */
export class FeedlineStack extends Stack {
  readonly core: FeedlineCore;

  constructor(scope: Construct, id: string, props: FeedlineStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    const accessLogs = new AccessLogBucket(this, 'AccessLogs');
    const posts = new PostsTable(this, 'Posts', { deletionProtection: deployment.stage === 'production' });
    const feeds = new FeedBucket(this, 'Feeds', { accessLogs: accessLogs.bucket, accessLogPrefix: ACCESS_LOG_PREFIXES.feedBucket });
    const cdn = new FeedDistribution(this, 'Cdn', {
      bucket: feeds.bucket,
      accessLogs: accessLogs.bucket,
      accessLogPrefix: ACCESS_LOG_PREFIXES.distribution,
      priceClass: deployment.priceClass,
      customDomain: customDomainOf(deployment),
      publicationHostnames: publicationDomainsOf(deployment),
      mediaOrigins: deployment.mediaOrigins ?? [],
    });
    const baseUrl = feedBaseUrl(deployment, cdn.distribution.distributionDomainName);
    const publisher = new StreamPublisher(this, 'StreamPublisher', {
      entry: STREAM_HANDLER_ENTRY,
      depsLockFilePath: DEPS_LOCK_FILE,
      table: posts.table,
      bucket: feeds.bucket,
      feedObjectPrefix: FEED_OBJECT_PREFIX,
      feedBaseUrl: baseUrl,
      deployment,
    });
    const monitoring = new FeedlineMonitoring(this, 'Monitoring', {
      alarmEmail: deployment.alarmEmail,
      distributionId: cdn.distribution.distributionId,
    });
    monitoring.addStreamPublisherMonitoring(publisher);
    const cms = new CmsPublicationRole(this, 'Cms', { table: posts.table, trustedPrincipal: cmsPrincipalOf(deployment) });
    this.core = { table: posts.table, bucket: feeds.bucket, deployment, monitoring, depsLockFilePath: DEPS_LOCK_FILE, feedBaseUrl: baseUrl };
    props.parts?.forEach((part) => part(this, this.core));
    this.addOutputs({ posts, feeds, cdn, publisher, monitoring, cms, baseUrl });
  }

  private addOutputs(parts: {
    posts: PostsTable;
    feeds: FeedBucket;
    cdn: FeedDistribution;
    publisher: StreamPublisher;
    monitoring: FeedlineMonitoring;
    cms: CmsPublicationRole;
    baseUrl: string;
  }): void {
    new CfnOutput(this, 'FeedBaseUrl', { value: parts.baseUrl, description: 'Public base URL of the feeds' });
    new CfnOutput(this, 'DistributionDomainName', { value: parts.cdn.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: parts.cdn.distribution.distributionId });
    new CfnOutput(this, 'TableName', { value: parts.posts.table.tableName });
    new CfnOutput(this, 'BucketName', { value: parts.feeds.bucket.bucketName });
    new CfnOutput(this, 'StreamFunctionName', { value: parts.publisher.function.functionName });
    new CfnOutput(this, 'FailedBatchQueueUrl', { value: parts.publisher.failedBatches.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: parts.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: parts.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'CmsRoleArn', { value: parts.cms.role.roleArn, description: 'Assumed by a CMS with the session tag publication=<id>' });
  }
}

function customDomainOf(deployment: DeploymentConfig): { domainName: string; certificateArn: string } | undefined {
  if (!deployment.customDomain || !deployment.certificateArn) return undefined;
  return { domainName: deployment.customDomain, certificateArn: deployment.certificateArn };
}

/** The stack's own account unless ops name the CMS's principal: callers still need the tag. */
function cmsPrincipalOf(deployment: DeploymentConfig): iam.IPrincipal {
  return deployment.cmsPrincipalArn ? new iam.ArnPrincipal(deployment.cmsPrincipalArn) : new iam.AccountRootPrincipal();
}
