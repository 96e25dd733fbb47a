import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { inject } from 'vitest';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../../shared/aws/aws-clients.ts';
import { EMULATOR_CREDENTIALS } from '../../local/emulators/emulator-credentials.ts';
import { createStreamsClient } from '../../local/stream-pump/streams-client.ts';

/** DynamoDB Local keeps one set of tables per region and access key; tests all use this one. */
export const EMULATOR_REGION = 'us-east-1';

/** Client options for the emulators started by `test/global-setup.ts`. */
export function emulatorClientOptions(): AwsClientOptions {
  return {
    region: EMULATOR_REGION,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
    s3ForcePathStyle: true,
    credentials: { ...EMULATOR_CREDENTIALS },
  };
}

/** The same clients the Lambda handlers and `npm start` get, pointed at the test emulators. */
export function createEmulatorClients(): AwsClients {
  return createAwsClients(emulatorClientOptions());
}

export function createEmulatorStreamsClient(): DynamoDBStreamsClient {
  return createStreamsClient(emulatorClientOptions());
}

/** Closes the clients' sockets so a test file ends without open handles. */
export function destroyClients(clients: AwsClients): void {
  clients.dynamoDb.destroy();
  clients.s3.destroy();
}
