import { createAwsClients, type AwsClients } from '../shared/aws/aws-clients.ts';
import { POST_RECORD_FILTER_PATTERN } from '../shared/store/table-design.ts';
import { PostStore } from '../shared/store/post-store.ts';
import { createBucket, createTable, tableExists } from './bootstrap.ts';
import type { LocalDataPaths } from './local-data-directory.ts';
import { rebuildIfFeedAddressChanged } from './feed-address-change.ts';
import { FileStreamCheckpoints } from './stream-pump/stream-checkpoints.ts';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from './emulators/dynamodb-local.ts';
import { EMULATOR_CREDENTIALS, startS3Emulator, type RunningS3Emulator } from './emulators/s3-emulator.ts';
import { writeJsonLine, type JsonLog } from './emulators/json-line-log.ts';
import { startFeedServer, type RunningFeedServer } from './feed-server/feed-server.ts';
import { localWebSubCallback } from './feed-server/websub-route.ts';
import { loadSampleShows } from './sample-shows.ts';
import { PodcastShowStore } from '../shared/store/podcast-show-store.ts';
import { seedSamplePostsOf, storeSamplePublications } from './sample-network.ts';
import type { StreamHandler } from './stream-pump/batch-delivery.ts';
import { createStreamsClient } from './stream-pump/streams-client.ts';
import { StreamPump } from './stream-pump/stream-pump.ts';
import { stackEventSourceSettings } from './stream-pump/event-source-settings.ts';
import { writeLocalState, removeLocalState } from './local-state.ts';
import { failedBatchDirectoryFor, newsletterSecretPathFor, type LocalState } from './local-pipeline-contract.ts';
import { startLocalNewsletter } from './newsletter/local-newsletter.ts';
import type { NewsletterRouteSlot } from './feed-server/feed-server.ts';
import { startPollLoop } from './poll-loop.ts';
import { LOCAL_POLLER_ENV } from './local-poller-env.ts';
import { SAMPLE_FEEDS, startSampleFeedServer, type RunningSampleFeedServer } from './sample-feeds/sample-feed-server.ts';
import { SubscriptionExistsError, SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import { PublicationStore } from '../shared/store/publication-store.ts';
import { DEFAULT_PUBLICATION_ID } from '../shared/publication/publication-keys.ts';
import type { DueDispatchSummary } from '../shared/ingest/fan-out/due-dispatch.ts';
import { startLocalPollFanOut } from './queue/local-poll-fan-out.ts';
import type { PublicationHostnames } from '../shared/edge/publication-hostnames.ts';

import { FailedBatchDirectory } from './failed-batch-directory.ts';
import { LOCAL_BUCKET, LOCAL_ITEMS_PER_FEED, LOCAL_REGION, LOCAL_TABLE, localLambdaEnvironment, localSiteTitle, type LocalEndpoints } from './local-site.ts';
import { logFailedBatch, type OnFailure } from './stream-pump/batch-delivery.ts';

export { LOCAL_BUCKET, LOCAL_REGION, LOCAL_TABLE };

export interface LocalPipelineOptions {
  /** Port of the CloudFront-like feed server; 0 picks a free one. */
  port: number;
  seedSamplePosts: boolean;
  /** Where to tell the CLI how to reach this pipeline; nothing is written when omitted. */
  statePath?: string;
  /**
   * Serve the sample partner feeds on 127.0.0.1, subscribe to them and poll once before
   * returning, so their items are in the feeds like the sample posts. Defaults to `seedSamplePosts`.
   */
  ingestSampleFeeds?: boolean;
  /**
   * Port of the sample partner feed server; 0 (default) picks a free one. `npm start` keeps it
   * stable (PORT + 1), so a kept table's subscriptions, and the partner category schemes derived
   * from their URLs, stay the same across restarts.
   */
  sampleFeedsPort?: number;
  /** Runs the poller every this many ms (the EventBridge schedule's stand-in); no loop when omitted. */
  pollIntervalMs?: number;
  /** WebSub hubs the feeds advertise and the stream handler pings after each changed feed. */
  websubHubUrls?: readonly string[];
  /** Items a feed; the local site's 10 when omitted. */
  itemsPerFeed?: number;
  /** Publications the feed server also serves on a host name of their own (`npm start`: `FEEDLINE_PUBLICATION_HOSTNAMES`). */
  publicationHostnames?: PublicationHostnames;
  /** Origins the pages' players may play from (`npm start`: `FEEDLINE_MEDIA_ORIGINS`); none when omitted. */
  mediaOrigins?: readonly string[];
  /**
   * Keep the database, the bucket and the stream position here across restarts (`npm start`:
   * `.feedline/`); everything is in memory or temp folders, gone on stop, when omitted. Sample
   * posts are seeded only into a table created by this start.
   */
  data?: LocalDataPaths;
  /**
   * Run the newsletter too: the SES emulator, the endpoint under `/newsletter/` on the feed
   * server, the recipient queue and its sender; its key is kept beside `statePath`.
   */
  newsletter?: boolean;
  /** Runs the newsletter scheduler every this many ms (its EventBridge schedule's stand-in); no loop when omitted. */
  newsletterScheduleMs?: number;
  log?: JsonLog;
}

export interface LocalPipeline {
  state: LocalState;
  clients: AwsClients;
  posts: PostStore;
  /** Resolves once every post written so far has gone through the stream handler. */
  drain(timeoutMs?: number): Promise<void>;
  /** One scheduled invocation of the poll scheduler, as EventBridge would make it; resolves once the workers have polled what it sent. */
  pollNow(): Promise<DueDispatchSummary>;
  /** One run of the newsletter scheduler and its senders, when the newsletter runs. */
  planNewsletters?: () => Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole publish path on one machine: DynamoDB Local with Streams, the S3 emulator, the stream
 * pump invoking the very Lambda handler module (`functions/stream/handler.ts`) with Lambda-shaped
 * events, and a feed server in front of the bucket.
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const log = options.log ?? writeJsonLine;
  const stack = new ShutdownStack(log);
  try {
    const [dynamoDb, s3] = await startEmulators(stack, log, options.data);
    const clients = createAwsClients(emulatorClientOptions(dynamoDb, s3));
    const tableIsNew = !(await tableExists(clients.dynamoDb, LOCAL_TABLE));
    await createTable(clients.dynamoDb, LOCAL_TABLE);
    await createBucket(clients.s3, LOCAL_BUCKET);
    const websub = localWebSubCallback(clients.documents, LOCAL_TABLE, log);
    const newsletterRoute: NewsletterRouteSlot = {};
    const server = await startFeedServer({
      s3: clients.s3,
      bucketName: LOCAL_BUCKET,
      port: options.port,
      title: localSiteTitle(),
      log,
      websub,
      publicationHostnames: options.publicationHostnames,
      mediaOrigins: options.mediaOrigins,
      newsletter: newsletterRoute,
    });
    stack.push('feed server', () => server.close());
    const endpoints = { dynamoDbEndpoint: dynamoDb.endpoint, s3Endpoint: s3.endpoint, feedBaseUrl: `${server.url}/`, websubHubUrls: options.websubHubUrls, itemsPerFeed: options.itemsPerFeed };
    const handler = await loadStreamHandler(endpoints);
    const pump = await StreamPump.start({
      dynamoDb: clients.dynamoDb,
      streams: createStreamsClient(emulatorClientOptions(dynamoDb, s3)),
      tableName: LOCAL_TABLE,
      handler,
      filterPatterns: [POST_RECORD_FILTER_PATTERN],
      ...stackEventSourceSettings(),
      onFailure: onFailureDestination(options.statePath, log),
      checkpoints: options.data && new FileStreamCheckpoints(options.data.streamCheckpoints),
      log,
    });
    stack.push('stream pump', () => pump.stop());
    const posts = new PostStore(clients.documents, LOCAL_TABLE);
    if (options.seedSamplePosts) await seedSampleNetwork(clients, posts, endpoints, tableIsNew, log);
    if (options.data) await rebuildIfFeedAddressChanged(options.data, endpoints, clients, log);
    let fanOut: Promise<() => Promise<DueDispatchSummary>> | undefined;
    const pollNow = async () => (await (fanOut ??= startPollFanOut(stack, log, server.url)))();
    const ingestSampleFeeds = options.ingestSampleFeeds ?? options.seedSamplePosts;
    // Started before the poll loop, so the loop stops first and no run outlives the queue.
    if (ingestSampleFeeds || options.pollIntervalMs !== undefined) await (fanOut ??= startPollFanOut(stack, log, server.url));
    if (ingestSampleFeeds) {
      const sampleFeeds = await startSampleFeedServer({ log, port: options.sampleFeedsPort });
      stack.push('sample feed server', () => sampleFeeds.close());
      await subscribeSampleFeeds(new SubscriptionRegistry(clients.documents, LOCAL_TABLE), sampleFeeds, log);
      await pollNow();
    }
    if (options.pollIntervalMs !== undefined) {
      const loop = startPollLoop({ run: pollNow, intervalMs: options.pollIntervalMs, log });
      stack.push('poll loop', () => loop.stop());
    }
    const newsletter = options.newsletter
      ? await startLocalNewsletter({ region: LOCAL_REGION, documents: clients.documents, tableName: LOCAL_TABLE, feedServerUrl: server.url, ...(options.statePath ? { secretPath: newsletterSecretPathFor(options.statePath) } : {}), log })
      : undefined;
    if (newsletter) {
      stack.push('newsletter', () => newsletter.stop());
      newsletterRoute.serve = newsletter.serve;
      if (options.newsletterScheduleMs !== undefined) {
        const loop = startPollLoop({ run: () => newsletter.planNow(), intervalMs: options.newsletterScheduleMs, log, runName: 'newsletter scheduler' });
        stack.push('newsletter schedule', () => loop.stop());
      }
    }
    const state = { ...localState(endpoints), ...(newsletter ? { sesEndpoint: newsletter.sesEndpoint, newsletterBaseUrl: newsletter.baseUrl } : {}) };
    if (options.statePath) {
      await writeLocalState(options.statePath, state);
      const statePath = options.statePath;
      stack.push('local state file', () => removeLocalState(statePath));
    }
    return {
      state,
      clients,
      posts,
      drain: (timeoutMs = 30_000) => pump.drain({ timeoutMs }),
      pollNow,
      ...(newsletter ? { planNewsletters: () => newsletter.planNow() } : {}),
      stop: () => stack.unwind(),
    };
  } catch (error) {
    await stack.unwind();
    throw error;
  }
}

/** Starts both at once; if one fails, the other is stopped before the error propagates. */
async function startEmulators(stack: ShutdownStack, log: JsonLog, data: LocalDataPaths | undefined): Promise<[RunningDynamoDbLocal, RunningS3Emulator]> {
  const [dynamoDb, s3] = await Promise.allSettled([
    startDynamoDbLocal({ log, dbPath: data?.dynamoDb }),
    startS3Emulator({ log, ...(data && { directory: data.s3, resetOnClose: false }) }),
  ]);
  if (dynamoDb.status === 'fulfilled') stack.push('DynamoDB Local', () => dynamoDb.value.stop());
  if (s3.status === 'fulfilled') stack.push('S3 emulator', () => s3.value.stop());
  if (dynamoDb.status === 'rejected') throw dynamoDb.reason;
  if (s3.status === 'rejected') throw s3.reason;
  return [dynamoDb.value, s3.value];
}

function emulatorClientOptions(dynamoDb: RunningDynamoDbLocal, s3: RunningS3Emulator) {
  return {
    region: LOCAL_REGION,
    dynamoDbEndpoint: dynamoDb.endpoint,
    s3Endpoint: s3.endpoint,
    s3ForcePathStyle: true,
    credentials: { ...EMULATOR_CREDENTIALS },
  };
}

/**
 * The handler module reads its configuration from the environment when loaded, exactly as in
 * Lambda; here the environment points it at the emulators.
 */
async function loadStreamHandler(endpoints: LocalEndpoints): Promise<StreamHandler> {
  Object.assign(process.env, localLambdaEnvironment(endpoints));
  const module = await import('../functions/stream/handler.ts');
  return module.handler;
}

/**
 * The poll scheduler and worker modules over the local SQS stand-in, loaded like the stream
 * handler: their configuration comes from the environment (set by `loadStreamHandler` for the
 * table and region, here for the poll settings and the queue).
 */
async function startPollFanOut(stack: ShutdownStack, log: JsonLog, callbackBaseUrl: string): Promise<() => Promise<DueDispatchSummary>> {
  // Hubs reach the WebSub callback on the local server's `/websub/<id>` route.
  const fanOut = await startLocalPollFanOut({ region: LOCAL_REGION, environment: { ...LOCAL_POLLER_ENV, WEBSUB_CALLBACK_BASE_URL: callbackBaseUrl }, log });
  stack.push('poll fan-out', () => fanOut.stop());
  return () => fanOut.pollNow();
}

/** Every sample publication's partner feeds, each subscribed by its own publication. */
async function subscribeSampleFeeds(subscriptions: SubscriptionRegistry, server: RunningSampleFeedServer, log: JsonLog): Promise<void> {
  for (const feed of SAMPLE_FEEDS) {
    const url = server.feedUrl(feed);
    // A kept table remembers the sample server's port of an earlier run: subscribe again at this one's.
    const existing = await subscriptions.get(feed.subscriptionId);
    if (existing?.url === url) continue;
    if (existing) await subscriptions.remove(feed.subscriptionId);
    try {
      await subscriptions.add({ id: feed.subscriptionId, url, topics: feed.topics, publication: feed.publication }, new Date());
    } catch (error) {
      if (!(error instanceof SubscriptionExistsError)) throw error;
    }
  }
  log({ level: 'info', message: 'sample partner feeds subscribed', count: SAMPLE_FEEDS.length, server: server.url });
}

/**
 * Where a batch goes after its last retry: logged, and, when the pipeline publishes its state for
 * the CLI, queued in `.feedline/failed-batches/` as Lambda queues it in SQS, for `feedline dlq replay`.
 */
function onFailureDestination(statePath: string | undefined, log: JsonLog): OnFailure {
  const logIt = logFailedBatch(log);
  if (!statePath) return logIt;
  const queue = new FailedBatchDirectory(failedBatchDirectoryFor(statePath));
  return async (failure) => {
    await logIt(failure);
    const id = await queue.add(failure);
    log({ level: 'warn', message: 'failed batch queued for "feedline dlq replay"', messageId: id });
  };
}

/**
 * The three sample publications: the default one's posts go into a new table only; `ru` and `fa`
 * are stored first (their records would be parked without settings), and their posts seeded when
 * this start adds them, so a table kept from before publications gains them too.
 */
async function seedSampleNetwork(clients: AwsClients, posts: PostStore, endpoints: LocalEndpoints, tableIsNew: boolean, log: JsonLog): Promise<void> {
  const store = new PublicationStore(clients.documents, LOCAL_TABLE);
  const added = await storeSamplePublications(store, endpoints.feedBaseUrl, endpoints.itemsPerFeed ?? LOCAL_ITEMS_PER_FEED, log);
  if (tableIsNew) {
    // Shows first: their settings are read when the episodes' stream records publish the show feed.
    await seedSampleShows(new PodcastShowStore(clients.documents, LOCAL_TABLE), log);
    await seedSamplePostsOf(DEFAULT_PUBLICATION_ID, posts, log);
  }
  for (const publication of added) await seedSamplePostsOf(publication.id, posts, log);
}

async function seedSampleShows(shows: PodcastShowStore, log: JsonLog): Promise<void> {
  const sampleShows = await loadSampleShows();
  for (const show of sampleShows) await shows.add(show);
  log({ level: 'info', message: 'sample podcast shows seeded', count: sampleShows.length });
}

function localState(endpoints: LocalEndpoints): LocalState {
  return {
    pid: process.pid,
    region: LOCAL_REGION,
    dynamoDbEndpoint: endpoints.dynamoDbEndpoint,
    s3Endpoint: endpoints.s3Endpoint,
    tableName: LOCAL_TABLE,
    bucketName: LOCAL_BUCKET,
    feedServerUrl: endpoints.feedBaseUrl,
    websubHubUrls: [...(endpoints.websubHubUrls ?? [])],
    ...(endpoints.itemsPerFeed === undefined ? {} : { itemsPerFeed: endpoints.itemsPerFeed }),
  };
}

/** Stops what was started, newest first, and reports (never hides) a part that fails to stop. */
class ShutdownStack {
  private readonly parts: { name: string; stop: () => Promise<void> }[] = [];

  constructor(private readonly log: JsonLog) {}

  push(name: string, stop: () => Promise<void>): void {
    this.parts.push({ name, stop });
  }

  async unwind(): Promise<void> {
    for (const part of this.parts.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (error) {
        this.log({ level: 'error', message: 'failed to stop part of the local pipeline', part: part.name, error });
      }
    }
  }
}
