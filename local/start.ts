import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { LocalMediaOriginListSchema } from '../shared/config/media-origins.ts';
import { HubUrlListSchema } from '../shared/config/stream-function-config.ts';
import { PublicationHostnamesSchema, parsedJsonObject } from '../shared/edge/publication-hostnames.ts';
import { FEED_FORMATS, feedObjectKey } from '../shared/feed/feed-id.ts';
import { NETWORK_INDEX_KEY, NETWORK_OPML_KEY, SITE_OPML_KEY } from '../shared/site/site-keys.ts';
import { PublicationStore } from '../shared/store/publication-store.ts';
import { LOCAL_TABLE, startLocalPipeline, type LocalPipeline } from './local-pipeline.ts';
import { publicationAddresses, type PublicationAddress } from './publication-addresses.ts';
import { eraseLocalData, localDataPaths, localDataRoot, type LocalDataPaths } from './local-data-directory.ts';
import { acquireStartLock, AlreadyRunningError, type StartLock } from './start-lock.ts';
import { installTerminalLog, type TerminalLog } from './terminal-log.ts';
import { readLocalState, type LocalState } from './local-pipeline-contract.ts';
import { LOCAL_MEDIA_ORIGINS, LOCAL_PUBLICATION_HOSTNAMES, localSiteTitle } from './local-site.ts';

const StartEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** How often the local stand-in for the EventBridge schedule runs the poller. */
  POLL_EVERY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  /** WebSub hubs to advertise and ping, comma-separated, e.g. a hub under test on 127.0.0.1. */
  FEEDLINE_WEBSUB_HUBS: HubUrlListSchema,
  /** Where the pipeline keeps its data, state file, lock and logs; the checkout's `.feedline/` by default. */
  FEEDLINE_DATA_DIR: z.string().min(1).optional(),
  /** Publications served on a host name of their own, as JSON (`{"fa":"fa.localhost"}`); `{}` turns host routing off. */
  FEEDLINE_PUBLICATION_HOSTNAMES: z.preprocess(parsedJsonObject, PublicationHostnamesSchema).default({ ...LOCAL_PUBLICATION_HOSTNAMES }),
  /** Origins the players may play from, comma-separated (`mediaOrigins` in the stack); the sample episodes' host by default. */
  FEEDLINE_MEDIA_ORIGINS: LocalMediaOriginListSchema.default([...LOCAL_MEDIA_ORIGINS]),
});

const USAGE = `usage: npm start [-- --fresh] [-- --verbose]
  --fresh     forget every post, subscription and feed kept in .feedline/ and start from the samples
  --verbose   print every JSON log line, not only the short view (they are always in .feedline/logs/)`;

/**
 * Three publications' samples and their partners' first poll go through the stream before the
 * welcome; a busy machine needs more than the pump's usual 30 s, and giving up would end the start.
 */
const SEED_DRAIN_TIMEOUT_MS = 180_000;

const PROJECT_ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
/** The newsletter scheduler's EventBridge rule runs every 5 minutes; locally a minute keeps a demo short. */
const NEWSLETTER_SCHEDULE_MS = 60_000;

interface StartOptions {
  fresh: boolean;
  verbose: boolean;
}

/** A problem `npm start` explains in one line, then exits 1, without a stack trace. */
class StartRefusedError extends Error {
  override readonly name = 'StartRefusedError';
}

function parseStartArgs(argv: string[]): StartOptions {
  try {
    const { values } = parseArgs({ args: argv, options: { fresh: { type: 'boolean' }, verbose: { type: 'boolean' } }, strict: true, allowPositionals: false });
    return { fresh: values.fresh ?? false, verbose: values.verbose ?? false };
  } catch (error) {
    process.stderr.write(`npm start: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  // As in cli/feedline.js: the SDK's Node 22 notice for 2027 would bury the welcome text.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = parseStartArgs(process.argv.slice(2));
  const env = StartEnvSchema.parse(process.env);
  const data = localDataPaths(localDataRoot({ FEEDLINE_DATA_DIR: env.FEEDLINE_DATA_DIR }, PROJECT_ROOT));
  const statePath = data.state;
  const lock = await acquireStartLock(data.lock).catch((error: unknown) => refuseIfRunning(error, statePath));
  if (options.fresh) await eraseLocalData(data);
  const terminal = installTerminalLog({ logFile: path.join(data.logs, 'local.jsonl'), verbose: options.verbose });
  const pipeline = await startLocalPipeline({
    port: env.PORT,
    sampleFeedsPort: env.PORT === 0 ? 0 : env.PORT + 1,
    seedSamplePosts: true,
    pollIntervalMs: env.POLL_EVERY_SECONDS * 1000,
    websubHubUrls: env.FEEDLINE_WEBSUB_HUBS,
    publicationHostnames: env.FEEDLINE_PUBLICATION_HOSTNAMES,
    mediaOrigins: env.FEEDLINE_MEDIA_ORIGINS,
    statePath,
    data,
    newsletter: true,
    newsletterScheduleMs: NEWSLETTER_SCHEDULE_MS,
  }).catch((error: unknown) => explainPortInUse(error));
  await pipeline.drain(SEED_DRAIN_TIMEOUT_MS);
  const publications = await storedPublications(pipeline);
  const addresses = publicationAddresses(pipeline.state.feedServerUrl, localSiteTitle(), publications, env.FEEDLINE_PUBLICATION_HOSTNAMES);
  terminal.show(welcome(pipeline.state, env.POLL_EVERY_SECONDS, data, addresses));
  stopOnSignals(`${shortPath(data.root)}/`, async () => {
    await pipeline.stop();
    await closeAll(terminal, lock);
  });
}

/** The publications the table holds now: the samples, and any `feedline pub add` made in an earlier run. */
async function storedPublications(pipeline: LocalPipeline): Promise<{ id: string; title: string }[]> {
  const stored = await new PublicationStore(pipeline.clients.documents, LOCAL_TABLE).list();
  return stored.flatMap((publication) => (publication.ok ? [{ id: publication.settings.id, title: publication.settings.title }] : []));
}

async function refuseIfRunning(error: unknown, statePath: string): Promise<never> {
  if (!(error instanceof AlreadyRunningError)) throw error;
  const url = await readLocalState(statePath).then(
    (state) => ` at ${state.feedServerUrl}`,
    // Still starting, or its state file is gone: the pid is what there is to say.
    () => '',
  );
  throw new StartRefusedError(`Feedline is already running from this checkout (pid ${error.pid}${url}). Stop it first (Ctrl-C in its terminal, or kill ${error.pid}); one checkout runs one pipeline.`);
}

/** The feed server takes PORT and the sample partner feeds PORT + 1. */
function explainPortInUse(error: unknown): never {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE') {
    const taken = port === undefined ? 'a port it needs' : `port ${port}`;
    throw new StartRefusedError(`${taken} is already in use: stop what uses it, or pick other ports, e.g. PORT=9000 npm start (it also takes PORT + 1)`);
  }
  throw error;
}

function stopOnSignals(dataFolder: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the local pipeline (everything is kept in ${dataFolder})…\n`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

async function closeAll(terminal: TerminalLog, lock: StartLock): Promise<void> {
  await terminal.close();
  await lock.release();
}

function welcome(state: LocalState, pollEverySeconds: number, data: LocalDataPaths, publications: readonly PublicationAddress[]): string {
  const baseUrl = state.feedServerUrl;
  const url = (key: string) => new URL(key, baseUrl).toString();
  const feeds = FEED_FORMATS.map((format) => `    ${url(feedObjectKey('all', format))}`).join('\n');
  return `
Feedline is running offline: DynamoDB Local, the S3 emulator, the stream handler and the poller.

  publications (each with its own feeds, index page and OPML)
${publications.map(publicationLine).join('\n')}
  network directory     ${url(NETWORK_INDEX_KEY)} (OPML: ${url(NETWORK_OPML_KEY)})

  The default publication:
  index of every feed   ${baseUrl}
  OPML of every feed    ${url(SITE_OPML_KEY)}
  site-wide feeds
${feeds}
  archive pages         ${url('feeds/all/archive/1/atom.xml')} (RFC 5005 history)
  topic feeds           ${url(feedObjectKey('topics/kazakhstan', 'atom'))} (and the other topics)
  partner feeds         ${url(feedObjectKey('sources/steppe-wire', 'atom'))} (also valley-monitor, border-notes)
  podcast feed          ${url(feedObjectKey('shows/steppe-hour', 'rss'))} (The Steppe Hour: three episodes)

  newsletter form       ${state.newsletterBaseUrl ?? ''}subscribe?newsletter=default/morning-brief
  sent mail (SES)       ${state.sesEndpoint ?? ''} (every message the newsletter sent, confirmations included)

  The newsletter scheduler runs every minute (Morning Brief: daily at 07:00 Almaty time).
  The poller runs every ${pollEverySeconds} s. Posts, subscriptions and feeds are kept in ${shortPath(data.root)}/ across
  restarts (npm start -- --fresh starts over); the full JSON logs are in ${shortPath(data.logs)}/.

Try, from another terminal:
  npx feedline post put local/sample-posts/zhanakum-oil-workers-walk-out.json
  npx feedline post list
  npx feedline post list --publication fa
  npx feedline pub list
  npx feedline sub add <feed-url> --topic <slug>
  npx feedline sub list
  npx feedline newsletter send default/morning-brief --dry-run
  npx feedline --help

Ctrl-C stops everything.

`;
}

function publicationLine({ id, title, indexUrl, hostUrl }: PublicationAddress): string {
  return `    ${id.padEnd(9)} ${indexUrl}${hostUrl ? `  or  ${hostUrl}` : ''}  ${title}`;
}

function shortPath(folder: string): string {
  const relative = path.relative(PROJECT_ROOT, folder);
  return relative.startsWith('..') ? folder : relative;
}

main().catch((error: unknown) => {
  if (error instanceof StartRefusedError) {
    process.stderr.write(`npm start: ${error.message}\n`);
  } else {
    process.stderr.write(`npm start: the local pipeline failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
