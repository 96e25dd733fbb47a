import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AwsClientOptions } from './aws-clients.ts';

/** The SES v2 client of the newsletter functions; apart from the others so no other bundle carries it. */
export function createSesClient(options: Pick<AwsClientOptions, 'region' | 'credentials'> & { endpoint?: string }): SESv2Client {
  return new SESv2Client({ region: options.region, endpoint: options.endpoint, credentials: options.credentials });
}
