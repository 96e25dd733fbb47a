import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Every published feed file lives under this prefix (see ARCHITECTURE.md, "S3 keys"). */
export const FEED_OBJECT_PREFIX = 'feeds/';

/** Old versions are the rollback window: long enough to notice a bad render, short enough to cost nothing. */
export const NONCURRENT_VERSION_RETENTION = Duration.days(30);

export interface FeedBucketProps {
  /** Receives the server access logs. */
  accessLogs: s3.IBucket;
  accessLogPrefix: string;
}

/**
 * Private bucket holding the rendered feed files. Readers reach it only through CloudFront
 * (origin access control), never directly, so nothing here is public.
 */
export class FeedBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: FeedBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogPrefix,
      // Versions let an operator roll a feed back after a bad render (see the runbook)...
      versioned: true,
      // ...but every regeneration makes one, so old versions must not pile up forever.
      lifecycleRules: [
        {
          noncurrentVersionExpiration: NONCURRENT_VERSION_RETENTION,
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
