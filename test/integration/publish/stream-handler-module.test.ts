import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi, inject } from 'vitest';
import { esbuildOptions } from '../../../infra/handler-bundling.ts';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import type { StreamHandler } from '../../../local/stream-pump/batch-delivery.ts';
import { StreamPump } from '../../../local/stream-pump/stream-pump.ts';
import type { Post } from '../../../shared/post/post-schema.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { POST_RECORD_FILTER_PATTERN } from '../../../shared/store/table-design.ts';
import { createEmulatorClients, createEmulatorStreamsClient, destroyClients, EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { makePost } from '../../support/post-factory.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublicationStore } from '../../../shared/store/publication-store.ts';
import { NETWORK_INDEX_KEY, NETWORK_OPML_KEY } from '../../../shared/site/site-keys.ts';
import { testPublication } from '../../support/test-publication.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('handler');
const bucketName = uniqueResourceName('handler-feeds');

function lambdaEnvironment(): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    BUCKET_NAME: bucketName,
    AWS_REGION: EMULATOR_REGION,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    SITE_TITLE: 'Steppe Rights Monitor',
    SITE_DESCRIPTION: 'Independent reporting',
    SITE_URL: 'https://humanrights.example.org/',
    FEED_BASE_URL: 'https://feeds.humanrights.example.org/',
    TAG_AUTHORITY: 'humanrights.example.org,2026',
    ITEMS_PER_FEED: '20',
    DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
    S3_ENDPOINT: inject('s3Endpoint'),
    S3_FORCE_PATH_STYLE: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Its EMF lines would land in the test run's output; the metrics have their own tests.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await createBucket(clients.s3, bucketName);
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

describe('functions/stream/handler.ts, the module Lambda loads', () => {
  it('refuses to load with a clear message when its environment is incomplete', async () => {
    vi.resetModules();
    for (const [name, value] of Object.entries(lambdaEnvironment())) vi.stubEnv(name, value);
    vi.stubEnv('TABLE_NAME', undefined as unknown as string);
    vi.stubEnv('ITEMS_PER_FEED', 'many');
    await expect(import('../../../functions/stream/handler.ts')).rejects.toThrow(/TABLE_NAME.*ITEMS_PER_FEED|ITEMS_PER_FEED.*TABLE_NAME/);
  });

  it('publishes from real stream records with the configuration from its environment', async () => {
    vi.resetModules();
    vi.unstubAllEnvs();
    for (const [name, value] of Object.entries(lambdaEnvironment())) vi.stubEnv(name, value);
    const { handler } = await import('../../../functions/stream/handler.ts');
    const responses: unknown[] = [];
    const recordingHandler = async (event: DynamoDBStreamEvent, context: Context) => {
      const response = await handler(event, context);
      responses.push(response);
      return response;
    };
    await publishThrough(recordingHandler, makePost({ id: 'via-lambda-module' }));
    expect(responses).toEqual([{ batchItemFailures: [] }]);
    const body = await readText('feeds/topics/kazakhstan/atom.xml');
    expect(body).toContain('tag:humanrights.example.org,2026:post/via-lambda-module');
    expect(body).toContain('<link rel="self" type="application/atom+xml" href="https://feeds.humanrights.example.org/feeds/topics/kazakhstan/atom.xml"/>');
  });

  it('publishes the same way from the bundle the stack deploys, its module aliases and S3 client included', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'feedline-stream-bundle-'));
    try {
      const bundle = join(folder, 'index.mjs');
      const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
      // Without its source map only: the code is the deployed code, and vitest would look for the map's sources.
      await build({ ...esbuildOptions(join(repoRoot, 'functions', 'stream', 'handler.ts'), bundle), absWorkingDir: repoRoot, sourcemap: false });
      vi.unstubAllEnvs();
      for (const [name, value] of Object.entries(lambdaEnvironment())) vi.stubEnv(name, value);
      const { handler } = (await import(pathToFileURL(bundle).href)) as typeof import('../../../functions/stream/handler.ts');
      await publishThrough(handler, makePost({ id: 'via-lambda-bundle' }));
      expect(await readText('feeds/topics/kazakhstan/atom.xml')).toContain('tag:humanrights.example.org,2026:post/via-lambda-bundle');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refreshes the network directory with every publication once a batch writes feeds', async () => {
    vi.resetModules();
    vi.unstubAllEnvs();
    for (const [name, value] of Object.entries(lambdaEnvironment())) vi.stubEnv(name, value);
    await new PublicationStore(clients.documents, tableName).add(testPublication('fa', { title: 'دیده‌بان استپ' }));
    const { handler } = await import('../../../functions/stream/handler.ts');
    await publishThrough(handler, makePost({ id: 'fa-directory-post', publication: 'fa' }));
    const opml = await readText(NETWORK_OPML_KEY);
    expect(opml).toContain('https://feeds.humanrights.example.org/feeds/all/rss.xml');
    expect(opml).toContain('https://feeds.humanrights.example.org/pubs/fa/feeds/all/rss.xml');
    expect(await readText(NETWORK_INDEX_KEY)).toContain('دیده‌بان استپ');
  });
});

/** Writes the post and runs its stream records through `handler`, as Lambda's event source would. */
async function publishThrough(handler: StreamHandler, post: Post): Promise<void> {
  const pump = await StreamPump.start({
    dynamoDb: clients.dynamoDb,
    streams: createEmulatorStreamsClient(),
    tableName,
    handler,
    filterPatterns: [POST_RECORD_FILTER_PATTERN],
    pollIntervalMs: 20,
    log: () => undefined,
  });
  try {
    await new PostStore(clients.documents, tableName).put(post);
    await pump.drain({ timeoutMs: 20_000 });
  } finally {
    await pump.stop();
  }
}

async function readText(key: string): Promise<string> {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}
