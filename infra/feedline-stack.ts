import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { FEED_OBJECT_PREFIX, FeedBucket } from './constructs/feed-bucket.ts';
import { PostsTable } from './constructs/posts-table.ts';
import { StreamPublisher } from './constructs/stream-publisher.ts';
import type { DeploymentConfig } from './deployment-config.ts';

/** Resolved from this file, not the working directory, so synth works from any folder. */
const REPO_FILE = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const STREAM_HANDLER_ENTRY = REPO_FILE('functions/stream/handler.ts');
const DEPS_LOCK_FILE = REPO_FILE('package-lock.json');

export interface FeedlineStackProps extends StackProps {
  deployment: DeploymentConfig;
}

/** The publish path: posts table → stream → stream publisher → feed bucket. */
export class FeedlineStack extends Stack {
  constructor(scope: Construct, id: string, props: FeedlineStackProps) {
    super(scope, id, props);
    const posts = new PostsTable(this, 'Posts');
    const feeds = new FeedBucket(this, 'Feeds');
    const publisher = new StreamPublisher(this, 'StreamPublisher', {
      entry: STREAM_HANDLER_ENTRY,
      depsLockFilePath: DEPS_LOCK_FILE,
      table: posts.table,
      bucket: feeds.bucket,
      feedObjectsPattern: `${FEED_OBJECT_PREFIX}*`,
      deployment: props.deployment,
    });
    new CfnOutput(this, 'TableName', { value: posts.table.tableName });
    new CfnOutput(this, 'BucketName', { value: feeds.bucket.bucketName });
    new CfnOutput(this, 'StreamFunctionName', { value: publisher.function.functionName });
  }
}
