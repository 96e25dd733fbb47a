import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import type { RunningS3Emulator } from '../local/emulators/s3-emulator.ts';
import { startS3EmulatorProcess } from '../local/emulators/s3-emulator-process.ts';
import { startSesEmulator, type RunningSesEmulator } from '../local/emulators/ses-emulator.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local shared by every test file. */
    dynamoDbEndpoint: string;
    /** `http://127.0.0.1:<port>` of the S3 emulator shared by every test file. */
    s3Endpoint: string;
    /** `http://127.0.0.1:<port>` of the SES v2 emulator shared by every test file; its `/store` lists what was sent. */
    sesEndpoint: string;
  }
}

/**
 * One DynamoDB Local, one S3 emulator and one SES emulator for the whole run, on ephemeral
 * loopback ports. Test files isolate themselves with their own table and bucket names, and
 * their own recipient addresses (see `test/support/`).
 * The S3 emulator runs in a child process because vitest's own process lacks
 * `--openssl-legacy-provider`, which s3rver's truncated listings need.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest's `test.env` reaches the workers only; this process creates SDK clients too.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [dynamoDb, s3, ses] = await Promise.allSettled([startDynamoDbLocal(), startS3EmulatorProcess(), startSesEmulator()]);
  const running = [dynamoDb, s3, ses].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((emulator) => emulator.stop()));
  };
  if (dynamoDb.status === 'fulfilled' && s3.status === 'fulfilled' && ses.status === 'fulfilled') {
    provideEndpoints(project, dynamoDb.value, s3.value, ses.value);
    return stopAll;
  }
  await stopAll();
  const reasons = [dynamoDb, s3, ses].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  throw reasons.length === 1 ? reasons[0] : new AggregateError(reasons, 'emulators did not start');
}

function provideEndpoints(project: TestProject, dynamoDb: RunningDynamoDbLocal, s3: RunningS3Emulator, ses: RunningSesEmulator): void {
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
}
