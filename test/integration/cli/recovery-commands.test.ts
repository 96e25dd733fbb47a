import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { createBucket, createTable } from '../../../local/bootstrap.ts';
import { membershipKey } from '../../../shared/store/feed-membership-store.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { makePost } from '../../support/post-factory.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';

const clients = createEmulatorClients();
const tableName = uniqueResourceName('cli-rebuild');
const bucketName = uniqueResourceName('cli-rebuild-feeds');

beforeAll(async () => {
  await createTable(clients.dynamoDb, tableName);
  await createBucket(clients.s3, bucketName);
  await pointCliAtEmulators({ tableName, bucketName });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

async function objectKeysUnder(prefix: string): Promise<string[]> {
  const listing = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

describe('feedline rebuild --feed against the running local pipeline', () => {
  it('refuses a feed that has no posts and that nothing files items under, and publishes nothing', async () => {
    const output = captureOutput();
    expect(await main(['rebuild', '--feed', 'topics/no-such-topic'])).toBe(1);
    expect(output.err()).toContain('topics/no-such-topic has no posts');
    expect(await objectKeysUnder('feeds/topics/no-such-topic/')).toEqual([]);
  });

  it('rebuilds a feed that has posts', async () => {
    const post = makePost({ id: 'cli-rebuild-post', topics: [{ slug: 'kazakhstan', label: 'Kazakhstan' }] });
    await clients.documents.send(
      new PutCommand({ TableName: tableName, Item: { ...membershipKey('topics/kazakhstan', post.publishedAt, post.id), postId: post.id, post } }),
    );
    const output = captureOutput();
    expect(await main(['rebuild', '--feed', 'topics/kazakhstan'])).toBe(0);
    expect(output.out()).toMatch(/topics\/kazakhstan: written .* \(1 items\)/);
    expect(await objectKeysUnder('feeds/topics/kazakhstan/')).toContain('feeds/topics/kazakhstan/atom.xml');
  });

  it('rebuilds the feed of a topic a subscription files items under, before it has any', async () => {
    await new SubscriptionRegistry(clients.documents, tableName).add({ id: 'cli-rebuild-wire', url: 'https://wire.example/rss.xml', topics: [{ slug: 'wire', label: 'Wire' }] }, new Date());
    const output = captureOutput();
    expect(await main(['rebuild', '--feed', 'topics/wire'])).toBe(0);
    expect(output.out()).toMatch(/topics\/wire: written .* \(0 items\)/);
  });

  it('asks for --function when given only a table: a rebuild needs the site settings', async () => {
    const output = captureOutput();
    expect(await main(['rebuild', '--all', '--table', tableName])).toBe(2);
    expect(output.err()).toContain('pass --function <StreamFunctionName> instead of --table');
  });
});
