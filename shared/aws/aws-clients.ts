import { createDynamoDbClients, type DynamoDbClients } from './dynamodb-clients.ts';
import { createS3Client, type S3FeedBucketClient } from './s3-client.ts';

export interface AwsClientOptions {
  region: string;
  /** Emulator endpoints for offline runs; unset in AWS. */
  dynamoDbEndpoint?: string;
  s3Endpoint?: string;
  /** Path-style addressing, needed by the S3 emulator. */
  s3ForcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients extends DynamoDbClients {
  s3: S3FeedBucketClient;
}

/** Builds the clients once per process; everything in `shared/` receives them injected. */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  return { ...createDynamoDbClients(options), s3: createS3Client(options) };
}
