import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

export interface AwsClientOptions {
  region: string;
  /** Emulator endpoints for offline runs; unset in AWS. */
  dynamoDbEndpoint?: string;
  s3Endpoint?: string;
  /** Path-style addressing, needed by the S3 emulator. */
  s3ForcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  dynamoDb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  s3: S3Client;
}

/** Builds the clients once per process; everything in `shared/` receives them injected. */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const dynamoDb = new DynamoDBClient({
    region: options.region,
    endpoint: options.dynamoDbEndpoint,
    credentials: options.credentials,
  });
  const documents = DynamoDBDocumentClient.from(dynamoDb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({
    region: options.region,
    endpoint: options.s3Endpoint,
    forcePathStyle: options.s3ForcePathStyle ?? false,
    credentials: options.credentials,
    // Default flexible checksums send aws-chunked bodies that S3 emulators store verbatim;
    // real S3 accepts either, so ask for checksums only where an API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { dynamoDb, documents, s3 };
}
