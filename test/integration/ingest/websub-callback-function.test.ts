import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { localLambdaContext } from '../../../local/lambda-context.ts';
import type { FunctionUrlEvent } from '../../../shared/ingest/websub/function-url-event.ts';
import { hubSignatureOf } from '../../../shared/ingest/websub/hub-signature.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { WebSubPushStateStore } from '../../../shared/store/websub-push-state-store.ts';
import { createEmulatorClients, destroyClients, EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('websub-fn');
const TOPIC = 'https://wire.example/rss.xml';
const TOKEN = 'attempt-token-0123456789';
const SECRET = 'subscription-secret-0123456789';

function functionUrlEvent(method: string, path: string, query: Record<string, string>, body?: Buffer, headers: Record<string, string> = {}): FunctionUrlEvent {
  return {
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    requestContext: { http: { method } },
    // Function URLs hand binary and most text bodies over base64-encoded.
    ...(body ? { body: body.toString('base64'), isBase64Encoded: true } : {}),
  };
}

type Handler = (event: FunctionUrlEvent) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
let handler: Handler;

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await new SubscriptionRegistry(clients.documents, tableName).add({ id: 'wire', url: TOPIC, topics: [] }, new Date());
  await new WebSubPushStateStore(clients.documents, tableName).beginPushAttempt('wire', { state: 'pending', hubUrl: 'https://hub.example/', topicUrl: TOPIC, token: TOKEN, secret: SECRET, requestedAt: new Date().toISOString() });
  const environment = {
    TABLE_NAME: tableName,
    AWS_REGION: EMULATOR_REGION,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  vi.resetModules();
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  const lambdaHandler = (await import('../../../functions/websub/handler.ts')).handler;
  // Each call is one invocation of the function as the stack configures it.
  const callbackFunction = { functionName: 'feedline-websub', timeoutMs: 15_000, memoryLimitInMB: 512 };
  handler = ((event: FunctionUrlEvent) => lambdaHandler(event, localLambdaContext(callbackFunction, { region: EMULATOR_REGION }))) as unknown as Handler;
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

describe('functions/websub/handler.ts behind a Lambda function URL', () => {
  it('answers a verification of intent with the challenge, verbatim, as text/plain that browsers must not sniff', async () => {
    const query = { token: TOKEN, 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'ch&al lenge/é', 'hub.lease_seconds': '86400' };
    const response = await handler(functionUrlEvent('GET', '/websub/wire', query));
    expect(response).toMatchObject({ statusCode: 200, body: 'ch&al lenge/é', headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
    expect((await new SubscriptionRegistry(clients.documents, tableName).get('wire'))?.push?.state).toBe('active');
  });

  it('ingests a signed base64 body and ignores one whose signature does not match', async () => {
    const body = await readFixture('basic.rss.xml');
    const headers = { 'Content-Type': 'application/rss+xml', 'X-Hub-Signature': hubSignatureOf(body, SECRET, 'sha384') };
    expect((await handler(functionUrlEvent('POST', '/websub/wire', { token: TOKEN }, body, headers))).statusCode).toBe(204);
    const posts = [];
    for await (const result of new PostStore(clients.documents, tableName).listAll()) if (result.ok) posts.push(result.post);
    expect(posts.map((post) => post.title).sort()).toEqual(['Court session postponed', 'Newspaper fined', 'Strike enters second week']);

    const changed = await readFixture('basic-changed.rss.xml');
    const forged = await handler(functionUrlEvent('POST', '/websub/wire', { token: TOKEN }, changed, { 'x-hub-signature': hubSignatureOf(changed, 'guessed') }));
    expect(forged.statusCode).toBe(202);
    const after = [];
    for await (const result of new PostStore(clients.documents, tableName).listAll()) if (result.ok) after.push(result.post.title);
    expect(after.sort()).toEqual(['Court session postponed', 'Newspaper fined', 'Strike enters second week']);
  });

  it('refuses an event that is not a function URL event (400) and a path that names no subscription (404)', async () => {
    expect((await handler({ rawPath: '/websub/wire' } as FunctionUrlEvent)).statusCode).toBe(400);
    const query = { token: TOKEN, 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'x', 'hub.lease_seconds': '60' };
    expect((await handler(functionUrlEvent('GET', '/websub/Not_An_Id', query))).statusCode).toBe(404);
    expect((await handler(functionUrlEvent('GET', '/elsewhere', query))).statusCode).toBe(404);
  });
});
