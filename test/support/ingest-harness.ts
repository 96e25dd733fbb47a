import type { PollerConfig } from '../../shared/config/poller-config.ts';
import { createFeedPoller, type WiredFeedPoller } from '../../shared/ingest/create-feed-poller.ts';
import { PostStore } from '../../shared/store/post-store.ts';
import type { AwsClients } from '../../shared/aws/aws-clients.ts';
import { createTable } from '../../local/bootstrap.ts';
import { CollectingLog } from './collecting-log.ts';
import { createEmulatorClients, destroyClients } from './emulator-clients.ts';
import { uniqueResourceName } from './unique-names.ts';

export interface PollerConfigOverrides {
  fetch?: Partial<PollerConfig['fetch']>;
  schedule?: Partial<PollerConfig['schedule']>;
  run?: Partial<PollerConfig['run']>;
  maxItemsPerFeed?: number;
}

/** Poller settings for tests: short timeouts, the guard on with only 127.0.0.1 let through. */
export function testPollerConfig(tableName: string, overrides: PollerConfigOverrides = {}): Omit<PollerConfig, 'aws'> {
  return {
    tableName,
    fetch: {
      userAgent: 'Feedline-test/1.0',
      timeoutMs: 1_000,
      maxBodyBytes: 512 * 1024,
      perHostConcurrency: 2,
      policy: { allowPrivateNetworks: false, allowedAddresses: ['127.0.0.1'] },
      ...overrides.fetch,
    },
    schedule: { pollIntervalMs: 15 * 60_000, maxIntervalMs: 24 * 60 * 60_000, errorBackoffBaseMs: 5 * 60_000, maxConsecutiveErrors: 3, ...overrides.schedule },
    run: { concurrency: 8, maxSubscriptionsPerRun: 100, leaseMs: 60_000, ...overrides.run },
    maxItemsPerFeed: overrides.maxItemsPerFeed ?? 200,
  };
}

/** A table of its own on the shared DynamoDB Local, and a poller wired to it as in production. */
export class IngestHarness {
  private constructor(
    readonly clients: AwsClients,
    readonly tableName: string,
    readonly log: CollectingLog,
    readonly wired: WiredFeedPoller,
    readonly posts: PostStore,
  ) {}

  static async create(overrides: PollerConfigOverrides = {}): Promise<IngestHarness> {
    const clients = createEmulatorClients();
    const tableName = uniqueResourceName('ingest');
    await createTable(clients.dynamoDb, tableName);
    const log = new CollectingLog();
    const wired = createFeedPoller({ documents: clients.documents, config: testPollerConfig(tableName, overrides), log });
    return new IngestHarness(clients, tableName, log, wired, new PostStore(clients.documents, tableName));
  }

  get poller() {
    return this.wired.poller;
  }

  get subscriptions() {
    return this.wired.subscriptions;
  }

  get pollSchedule() {
    return this.wired.pollSchedule;
  }

  /** Every valid post in the table, by id. */
  async postsById() {
    const posts = new Map<string, import('../../shared/post/post-schema.ts').Post>();
    for await (const result of this.posts.listAll()) if (result.ok) posts.set(result.post.id, result.post);
    return posts;
  }

  async close(): Promise<void> {
    await this.wired.close();
    destroyClients(this.clients);
  }
}
