import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTable } from '../../../local/bootstrap.ts';
import { batchWriteAll } from '../../../shared/store/batch-writer.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { dueShardOf } from '../../../shared/store/table-design.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';
import { createEmulatorClients, destroyClients } from '../../support/emulator-clients.ts';
import { postInput } from '../../support/post-factory.ts';
import { runCli as run } from '../../support/run-cli.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();

/** A subscription item exactly as `SubscriptionRegistry.add` wrote it before publications. */
function subscriptionBeforePublications(id: string): Record<string, unknown> {
  return {
    pk: `SUB#${id}`,
    sk: 'SUB',
    id,
    url: `https://${id}.example.org/feed.xml`,
    topics: [{ slug: 'press-freedom', label: 'Press freedom' }],
    enabled: true,
    createdAt: '2026-05-01T00:00:00.000Z',
    nextFetchAt: '2026-05-01T00:00:00.000Z',
    consecutiveErrors: 0,
    dueShard: dueShardOf(id),
  };
}

/** A table as today's code fills it: posts (big enough to span several Scan pages), subscriptions, a pending unsubscribe. */
async function fillAsBeforePublications(tableName: string, subscriptionIds: string[]): Promise<void> {
  await createTable(clients.dynamoDb, tableName);
  const body = `<p>${'Testimony from the hearing. '.repeat(2_000)}</p>`;
  const posts = Array.from({ length: 40 }, (_, index) => ({ PutRequest: { Item: { pk: `POST#old-${index}`, sk: 'POST', ...postInput({ id: `old-${index}`, contentHtml: body }) } } }));
  const subscriptions = subscriptionIds.map((id) => ({ PutRequest: { Item: subscriptionBeforePublications(id) } }));
  await batchWriteAll(clients.documents, tableName, [...posts, ...subscriptions]);
  await clients.documents.put({ TableName: tableName, Item: { pk: `SUB#${subscriptionIds[0] ?? ''}`, sk: 'UNSUBSCRIBE#token', subscriptionId: subscriptionIds[0] } });
}

const subscriptionIds = Array.from({ length: 12 }, (_, index) => `partner-${index}`);

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
  destroyClients(clients);
});

describe('feedline migrate on a table written before publications', () => {
  const tableName = uniqueResourceName('cli-migrate');

  beforeAll(async () => {
    await fillAsBeforePublications(tableName, subscriptionIds);
    await pointCliAtEmulators({ tableName });
  });

  it('lists no subscription by publication before it runs', async () => {
    expect(await new SubscriptionRegistry(clients.documents, tableName).listByPublication('default')).toEqual([]);
  });

  it('puts every old subscription in the default publication, counting what it did, and changes nothing the second time', async () => {
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`${subscriptionIds.length} subscription(s), ${subscriptionIds.length} migrated, 0 already migrated`);
    expect(first.err).toMatch(/^cursor \S+ {2}\(\d+ items scanned/m);

    const listed = JSON.parse((await run('sub', 'list', '--json')).out) as { id: string; publication: string; topics: unknown[] }[];
    expect(listed.map((subscription) => subscription.id).sort()).toEqual([...subscriptionIds].sort());
    expect(listed.every((subscription) => subscription.publication === 'default' && subscription.topics.length === 1)).toBe(true);
    const post = await clients.documents.get({ TableName: tableName, Key: { pk: 'POST#old-0', sk: 'POST' } });
    expect(post.Item).not.toHaveProperty('publication');
    const pending = await clients.documents.get({ TableName: tableName, Key: { pk: 'SUB#partner-0', sk: 'UNSUBSCRIBE#token' } });
    expect(pending.Item).not.toHaveProperty('subscriptionPublication');

    const second = await run('migrate');
    expect(second.out).toContain(`${subscriptionIds.length} subscription(s), 0 migrated, ${subscriptionIds.length} already migrated`);
  });

  it('refuses a cursor it never printed', async () => {
    expect(await run('migrate', '--cursor', 'not-a-cursor')).toMatchObject({ code: 1, err: expect.stringContaining('cursor not-a-cursor is not one a migrate run printed') });
  });
});

describe('feedline migrate resumed after an interruption', () => {
  const tableName = uniqueResourceName('cli-migrate-resume');

  beforeAll(async () => {
    await fillAsBeforePublications(tableName, subscriptionIds);
    await pointCliAtEmulators({ tableName });
  });

  it('goes on from the cursor printed, and a full run afterwards finishes the rest', async () => {
    const interrupted = await run('migrate');
    const cursors = [...interrupted.err.matchAll(/^cursor (\S+)/gm)].map((match) => match[1] ?? '');
    expect(cursors.length).toBeGreaterThan(0);
    // Undo the run, as if it had stopped after its first page: the items of the later pages are old again.
    for (const id of subscriptionIds) await clients.documents.put({ TableName: tableName, Item: subscriptionBeforePublications(id) });

    const resumed = await run('migrate', '--cursor', cursors[0] ?? '');
    const resumedCount = Number(/(\d+) migrated/.exec(resumed.out)?.[1]);
    expect(resumed.out).toContain('from the cursor given');
    expect(resumedCount).toBeLessThan(subscriptionIds.length);

    const rest = await run('migrate');
    expect(rest.out).toContain(`${subscriptionIds.length - resumedCount} migrated, ${resumedCount} already migrated`);
    expect((await new SubscriptionRegistry(clients.documents, tableName).listByPublication('default')).length).toBe(subscriptionIds.length);
  });
});
