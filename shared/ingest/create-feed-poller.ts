import type { DocumentTable } from '../store/document-table.ts';
import type { PollerConfig } from '../config/poller-config.ts';
import type { EventLog } from '../log/event-log.ts';
import { IngestedPostStore } from '../store/ingested-post-store.ts';
import { PollScheduleStore } from '../store/poll-schedule-store.ts';
import { SubscriptionRegistry } from '../store/subscription-registry.ts';
import { WebSubPushStateStore } from '../store/websub-push-state-store.ts';
import { DEFAULT_MAX_REDIRECTS, HttpFetcher } from './fetch/http-fetcher.ts';
import type { HostResolver } from './fetch/guarded-connector.ts';
import { FeedPoller } from './feed-poller.ts';
import { HubClient } from './websub/hub-client.ts';
import { HubSubscriber } from './websub/hub-subscriber.ts';
import { type Clock } from '../time/time-sources.ts';

export interface FeedPollerWiring {
  documents: DocumentTable;
  config: Omit<PollerConfig, 'aws'>;
  log: EventLog;
  /** Tests simulate DNS with this. */
  resolver?: HostResolver;
  /** Tests move time forward (leases, backstops) with this. */
  clock?: Clock;
}

export interface WiredFeedPoller {
  poller: FeedPoller;
  subscriptions: SubscriptionRegistry;
  pollSchedule: PollScheduleStore;
  /** Present when WebSub is configured; `sub remove` unsubscribes through it. */
  hubs?: HubSubscriber;
  /** Closes the fetcher's connections. */
  close(): Promise<void>;
}

/** Wires the ingest path from injected clients; the Lambda, `npm start`, the CLI and tests use this. */
export function createFeedPoller(wiring: FeedPollerWiring): WiredFeedPoller {
  const { config } = wiring;
  const fetcher = new HttpFetcher({ ...config.fetch, maxRedirects: DEFAULT_MAX_REDIRECTS, resolver: wiring.resolver });
  const subscriptions = new SubscriptionRegistry(wiring.documents, config.tableName);
  const pollSchedule = new PollScheduleStore(wiring.documents, config.tableName);
  const pushStates = new WebSubPushStateStore(wiring.documents, config.tableName);
  const hubClient = config.websub ? new HubClient({ ...config.fetch, resolver: wiring.resolver }) : undefined;
  const hubs =
    config.websub && hubClient
      ? new HubSubscriber({ hub: hubClient, pushStates, callbackBaseUrl: config.websub.callbackBaseUrl, settings: config.websub.push, log: wiring.log, clock: wiring.clock })
      : undefined;
  const poller = new FeedPoller({
    fetcher,
    posts: new IngestedPostStore(wiring.documents, config.tableName),
    subscriptions,
    pollSchedule,
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
  return { poller, subscriptions, pollSchedule, ...(hubs ? { hubs } : {}), close };
}
