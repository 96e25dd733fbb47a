import { Duration, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Prefixes inside the log bucket, one per source. */
export const ACCESS_LOG_PREFIXES = {
  feedBucket: 's3/feeds/',
  distribution: 'cloudfront/',
} as const;

/** Access logs are for investigations, not an archive: a quarter covers one. */
const LOG_EXPIRATION = Duration.days(90);

/**
 * Where the feed bucket's server access logs and CloudFront's standard logs land. Private,
 * encrypted and TLS-only like the feed bucket; it alone has ACLs enabled, because CloudFront's
 * standard logging delivers with an ACL grant.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: LOG_EXPIRATION, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log destination itself; logging its own access would log the log writes, endlessly.',
    });
  }
}
