import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PollerConfig } from '../config/poller-env.ts';
import type { EventLog } from '../log/event-log.ts';
import { IngestedPostStore } from '../store/ingested-post-store.ts';
import { SubscriptionStore } from '../store/subscription-store.ts';
import { DEFAULT_MAX_REDIRECTS, HttpFetcher } from './fetch/http-fetcher.ts';
import type { HostResolver } from './fetch/guarded-connector.ts';
import { FeedPoller } from './poll-run.ts';
import { HubClient } from './websub/hub-client.ts';
import { HubSubscriber } from './websub/hub-subscriber.ts';

export interface FeedPollerWiring {
  documents: DynamoDBDocumentClient;
  config: Omit<PollerConfig, 'aws'>;
  log: EventLog;
  /** Tests simulate DNS with this. */
  resolver?: HostResolver;
  /** Tests move time forward (leases, backstops) with this. */
  clock?: () => Date;
}

export interface WiredFeedPoller {
  poller: FeedPoller;
  subscriptions: SubscriptionStore;
  /** Present when WebSub is configured; `sub remove` unsubscribes through it. */
  hubs?: HubSubscriber;
  /** Closes the fetcher's connections. */
  close(): Promise<void>;
}

/** Wires the ingest path from injected clients; the Lambda, `npm start`, the CLI and tests use this. */
export function createFeedPoller(wiring: FeedPollerWiring): WiredFeedPoller {
  const { config } = wiring;
  const fetcher = new HttpFetcher({ ...config.fetch, maxRedirects: DEFAULT_MAX_REDIRECTS, resolver: wiring.resolver });
  const subscriptions = new SubscriptionStore(wiring.documents, config.tableName);
  const hubClient = config.websub ? new HubClient({ ...config.fetch, resolver: wiring.resolver }) : undefined;
  const hubs =
    config.websub && hubClient
      ? new HubSubscriber({ hub: hubClient, subscriptions, callbackBaseUrl: config.websub.callbackBaseUrl, settings: config.websub.push, log: wiring.log, clock: wiring.clock })
      : undefined;
  const poller = new FeedPoller({
    fetcher,
    posts: new IngestedPostStore(wiring.documents, config.tableName),
    subscriptions,
    schedule: config.schedule,
    run: config.run,
    maxItemsPerFeed: config.maxItemsPerFeed,
    log: wiring.log,
    ...(hubs && config.websub ? { hubs, push: config.websub.push } : {}),
    ...(wiring.clock ? { clock: wiring.clock } : {}),
  });
  const close = async () => {
    await Promise.all([fetcher.close(), hubClient?.close()]);
  };
  return { poller, subscriptions, ...(hubs ? { hubs } : {}), close };
}
