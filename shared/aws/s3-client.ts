import { S3Client } from '@aws-sdk/client-s3';
import type { AwsClientOptions } from './aws-clients.ts';

/**
 * The bucket's client, apart from the table's so functions that never write a feed (the poller,
 * its workers, the WebSub callback) do not bundle S3's hundred-odd KiB.
 */
export function createS3Client(options: Pick<AwsClientOptions, 'region' | 's3Endpoint' | 's3ForcePathStyle' | 'credentials'>): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.s3Endpoint,
    forcePathStyle: options.s3ForcePathStyle ?? false,
    credentials: options.credentials,
    // Default flexible checksums send aws-chunked bodies that S3 emulators store verbatim;
    // real S3 accepts either, so ask for checksums only where an API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
