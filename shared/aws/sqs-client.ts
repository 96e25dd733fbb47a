import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClientOptions } from './aws-clients.ts';

/**
 * The SQS client of the poll scheduler, the one function that sends to a queue; apart from the
 * other clients so functions without a queue do not bundle it.
 */
export function createSqsClient(options: Pick<AwsClientOptions, 'region' | 'credentials'> & { endpoint?: string }): SQSClient {
  return new SQSClient({ region: options.region, endpoint: options.endpoint, credentials: options.credentials });
}
