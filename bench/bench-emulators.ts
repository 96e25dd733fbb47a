import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../shared/aws/aws-clients.ts';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import type { RunningS3Emulator } from '../local/emulators/s3-emulator.ts';
import { startS3EmulatorProcess } from '../local/emulators/s3-emulator-process.ts';
import { createStreamsClient } from '../local/stream-pump/streams-client.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';

export interface BenchEmulators {
  clients: AwsClients;
  streams: DynamoDBStreamsClient;
  /** Destroys the clients, then stops both emulators; throws if any part failed to stop. */
  stop(): Promise<void>;
}

/**
 * DynamoDB Local and the S3 emulator for one section. S3 runs in a child process rather than in
 * this one, so the emulator's request handling does not share the event loop being timed (real S3
 * is on another machine too).
 */
export async function startBenchEmulators(): Promise<BenchEmulators> {
  const [dynamoDb, s3] = await Promise.allSettled([
    startDynamoDbLocal({ log: warningsOnlyJsonLog }),
    startS3EmulatorProcess({ log: warningsOnlyJsonLog }),
  ]);
  if (dynamoDb.status === 'rejected' || s3.status === 'rejected') {
    throw await stopWhatStarted([dynamoDb, s3]);
  }
  const options = clientOptions(dynamoDb.value, s3.value);
  const clients = createAwsClients(options);
  const streams = createStreamsClient(options);
  return {
    clients,
    streams,
    stop: () =>
      stopAll([
        async () => {
          clients.dynamoDb.destroy();
          clients.s3.destroy();
          streams.destroy();
        },
        () => s3.value.stop(),
        () => dynamoDb.value.stop(),
      ]),
  };
}

function clientOptions(dynamoDb: RunningDynamoDbLocal, s3: RunningS3Emulator): AwsClientOptions {
  return {
    region: 'us-east-1',
    dynamoDbEndpoint: dynamoDb.endpoint,
    s3Endpoint: s3.endpoint,
    s3ForcePathStyle: true,
    credentials: { ...EMULATOR_CREDENTIALS },
  };
}

/** Stops the emulator that did start and returns the error(s) to throw for the one that did not. */
async function stopWhatStarted(results: PromiseSettledResult<{ stop(): Promise<void> }>[]): Promise<unknown> {
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  const running = results.flatMap((result) => (result.status === 'fulfilled' ? [() => result.value.stop()] : []));
  await stopAll(running).catch((error: unknown) => errors.push(error));
  return errors.length === 1 ? errors[0] : new AggregateError(errors, 'bench emulators failed to start');
}

/** Runs every stop even when one fails, then reports all failures together. */
async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const stop of stops) {
    await stop().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, 'bench emulators did not all stop cleanly');
}
