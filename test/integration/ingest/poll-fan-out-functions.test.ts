import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { localLambdaContext } from '../../../local/lambda-context.ts';
import { LOCAL_POLL_DEAD_LETTERS, LOCAL_POLL_QUEUE, LOCAL_POLL_QUEUES, LOCAL_POLL_WORKER_FUNCTION } from '../../../local/queue/local-poll-fan-out.ts';
import { SqsEventSource } from '../../../local/queue/sqs-event-source.ts';
import { startSqsStandIn, type RunningSqsStandIn } from '../../../local/queue/sqs-stand-in.ts';
import { createSqsClient } from '../../../shared/aws/sqs-client.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { createEmulatorClients, destroyClients, EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { FixtureFeedServer, readFixture } from '../../support/fixture-feed-server.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';
import { SendMessageCommand } from '@aws-sdk/client-sqs';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('fan-out-functions');
let server: FixtureFeedServer;
let sqsStandIn: RunningSqsStandIn;

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  server = await FixtureFeedServer.start();
  sqsStandIn = await startSqsStandIn({ queues: LOCAL_POLL_QUEUES, log: () => undefined });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await sqsStandIn.stop();
  await server.close();
  destroyClients(clients);
});

/** What the stack sets on both functions, pointed at the emulators; the worker's SSRF guard lets the fixture server through. */
function functionEnvironment(): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    AWS_REGION: EMULATOR_REGION,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
    POLL_QUEUE_URL: sqsStandIn.queueUrl(LOCAL_POLL_QUEUE),
    SQS_ENDPOINT: sqsStandIn.endpoint,
    POLL_ALLOW_PRIVATE_ADDRESSES: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

describe('functions/poller and functions/poll-worker, the modules Lambda loads', () => {
  it('refuses to load the scheduler without a queue to send to', async () => {
    vi.resetModules();
    for (const [name, value] of Object.entries(functionEnvironment())) vi.stubEnv(name, value);
    vi.stubEnv('POLL_QUEUE_URL', undefined as unknown as string);
    await expect(import('../../../functions/poller/handler.ts')).rejects.toThrow(/POLL_QUEUE_URL/);
  });

  it('schedule → queue → worker: the due feed is polled once, a malformed message is handed back', async () => {
    vi.resetModules();
    vi.unstubAllEnvs();
    for (const [name, value] of Object.entries(functionEnvironment())) vi.stubEnv(name, value);
    server.feed('/wire.xml', await readFixture('basic.rss.xml'));
    await new SubscriptionRegistry(clients.documents, tableName).add({ id: 'wire', url: server.urlOf('/wire.xml'), topics: [{ slug: 'wire', label: 'Wire' }] }, new Date(Date.now() - 1_000));
    const [scheduler, worker] = await Promise.all([import('../../../functions/poller/handler.ts'), import('../../../functions/poll-worker/handler.ts')]);
    const sqs = createSqsClient({ region: EMULATOR_REGION, endpoint: sqsStandIn.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
    const responses: unknown[] = [];
    const source = SqsEventSource.start({
      sqs,
      queueUrl: sqsStandIn.queueUrl(LOCAL_POLL_QUEUE),
      queueArn: sqsStandIn.queueArn(LOCAL_POLL_QUEUE),
      awsRegion: EMULATOR_REGION,
      handler: async (event, context) => {
        const response = await worker.handler(event, context);
        responses.push(response);
        return response;
      },
      function: LOCAL_POLL_WORKER_FUNCTION,
      batchSize: 10,
      maxConcurrency: 1,
      waitTimeSeconds: 1,
      log: () => undefined,
    });
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: sqsStandIn.queueUrl(LOCAL_POLL_QUEUE), MessageBody: 'not a subscription' }));
      const summary = await scheduler.handler(
        { version: '0', id: 'test', 'detail-type': 'Scheduled Event', source: 'aws.events', account: 'test', time: new Date().toISOString(), region: EMULATOR_REGION, resources: [], detail: {} },
        localLambdaContext({ functionName: 'feedline-poller', timeoutMs: 300_000, memoryLimitInMB: 1024 }, { region: EMULATOR_REGION }),
      );
      expect(summary).toMatchObject({ due: 1, sent: 1, unsent: 0 });
      await vi.waitFor(() => expect(server.requestsTo('/wire.xml')).toHaveLength(1), { timeout: 20_000, interval: 50 });
      await vi.waitFor(() => expect(sqsStandIn.queue(LOCAL_POLL_QUEUE).counts()).toEqual({ visible: 0, inFlight: 1 }), { timeout: 20_000, interval: 50 });
    } finally {
      await source.stop();
      sqs.destroy();
    }
    const failures = responses.flatMap((response) => (response as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures);
    expect(failures).toHaveLength(1);
    expect(await new SubscriptionRegistry(clients.documents, tableName).get('wire')).toMatchObject({ lastStatus: 200, consecutiveErrors: 0 });
    expect(sqsStandIn.queue(LOCAL_POLL_DEAD_LETTERS).counts().visible).toBe(0);
  });
});
