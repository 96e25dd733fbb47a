import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ScheduledEvent } from 'aws-lambda';
import { createSqsClient } from '../../shared/aws/sqs-client.ts';
import { NewsletterDefinitionSchema } from '../../shared/newsletter/newsletter-definition.ts';
import { latestSlotAtOrBefore } from '../../shared/newsletter/newsletter-schedule.ts';
import { NewsletterExistsError, NewsletterStore } from '../../shared/newsletter/newsletter-store.ts';
import type { DocumentTable } from '../../shared/store/document-table.ts';
import { EMULATOR_CREDENTIALS } from '../emulators/emulator-credentials.ts';
import type { JsonLog } from '../emulators/json-line-log.ts';
import { startSesEmulator } from '../emulators/ses-emulator.ts';
import { localLambdaContext, type LocalFunction } from '../lambda-context.ts';
import { SqsEventSource } from '../queue/sqs-event-source.ts';
import { loadSamplePosts, samplePostsDirectoryOf } from '../sample-posts.ts';
import { startSqsStandIn } from '../queue/sqs-stand-in.ts';
import { NEWSLETTER_PATH_PREFIX, serveNewsletterRequest } from './newsletter-route.ts';

const LOCAL_NEWSLETTER_QUEUE = 'feedline-newsletter';
const LOCAL_NEWSLETTER_DEAD_LETTERS = 'feedline-newsletter-dlq';

/** The four functions as infra/constructs/newsletter-functions.ts configures them. */
const WEB_FUNCTION: LocalFunction = { functionName: 'feedline-newsletter-web', timeoutMs: 15_000, memoryLimitInMB: 512 };
export const NEWSLETTER_SCHEDULER_FUNCTION: LocalFunction = { functionName: 'feedline-newsletter-scheduler', timeoutMs: 300_000, memoryLimitInMB: 512 };
export const NEWSLETTER_SENDER_FUNCTION: LocalFunction = { functionName: 'feedline-newsletter-sender', timeoutMs: 300_000, memoryLimitInMB: 512 };

/** The sample newsletter `npm start` defines: the site-wide feed every morning. */
export const SAMPLE_NEWSLETTER = NewsletterDefinitionSchema.parse({
  publication: 'default',
  id: 'morning-brief',
  title: 'Morning Brief',
  from: 'brief@feedline.example.org',
  schedule: { frequency: 'daily', time: '07:00', timeZone: 'Asia/Almaty' },
});

export interface LocalNewsletterOptions {
  region: string;
  documents: DocumentTable;
  tableName: string;
  /** The feed server's base URL (no trailing slash): the endpoint is served under `/newsletter/` there. */
  feedServerUrl: string;
  /** Where the key is kept across restarts; a key for this run only when omitted. */
  secretPath?: string;
  log: JsonLog;
}

export interface LocalNewsletter {
  sesEndpoint: string;
  baseUrl: string;
  /** The feed server's route for `/newsletter/…`. */
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** One scheduled run of the scheduler module; resolves once the senders have emptied the queue. */
  planNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The newsletter of the stack on this machine: the SES v2 emulator (its page shows every mail),
 * the local SQS stand-in with the recipient queue, and the very handler modules of the endpoint,
 * the scheduler and the sender, configured through the environment as in Lambda.
 */
export async function startLocalNewsletter(options: LocalNewsletterOptions): Promise<LocalNewsletter> {
  const ses = await startSesEmulator();
  const standIn = await startSqsStandIn({
    queues: [
      { name: LOCAL_NEWSLETTER_QUEUE, visibilityTimeoutSeconds: 1800, redrive: { deadLetterQueueName: LOCAL_NEWSLETTER_DEAD_LETTERS, maxReceiveCount: 5 } },
      { name: LOCAL_NEWSLETTER_DEAD_LETTERS, visibilityTimeoutSeconds: 30 },
    ],
    log: options.log,
  });
  const baseUrl = `${options.feedServerUrl}${NEWSLETTER_PATH_PREFIX}`;
  Object.assign(process.env, {
    NEWSLETTER_SECRET: await localSecret(options.secretPath),
    NEWSLETTER_BASE_URL: baseUrl,
    NEWSLETTER_QUEUE_URL: standIn.queueUrl(LOCAL_NEWSLETTER_QUEUE),
    SES_ENDPOINT: ses.endpoint,
    SQS_ENDPOINT: standIn.endpoint,
    SES_CONFIGURATION_SET: 'feedline-newsletter',
    NEWSLETTER_SEND_RATE: '50',
  });
  const [web, scheduler, sender] = await Promise.all([
    import('../../functions/newsletter-web/handler.ts'),
    import('../../functions/newsletter-scheduler/handler.ts'),
    import('../../functions/newsletter-sender/handler.ts'),
  ]);
  const sqs = createSqsClient({ region: options.region, endpoint: standIn.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const source = SqsEventSource.start({
    sqs,
    queueUrl: standIn.queueUrl(LOCAL_NEWSLETTER_QUEUE),
    queueArn: standIn.queueArn(LOCAL_NEWSLETTER_QUEUE),
    awsRegion: options.region,
    handler: sender.handler,
    function: NEWSLETTER_SENDER_FUNCTION,
    batchSize: 5,
    maxConcurrency: 2,
    log: options.log,
  });
  await defineSampleNewsletter(new NewsletterStore(options.documents, options.tableName));
  return {
    sesEndpoint: ses.endpoint,
    baseUrl,
    serve: (request, response) => serveNewsletterRequest(web.handler, () => localLambdaContext(WEB_FUNCTION, { region: options.region }), request, response),
    planNow: async () => {
      await scheduler.handler(scheduledEvent(options.region), localLambdaContext(NEWSLETTER_SCHEDULER_FUNCTION, { region: options.region }));
      await source.drain({ timeoutMs: NEWSLETTER_SENDER_FUNCTION.timeoutMs });
    },
    stop: async () => {
      await source.stop();
      sqs.destroy();
      await standIn.stop();
      await ses.stop();
    },
  };
}

/** Kept beside the state file, so addresses stored in an earlier run stay readable and the CLI can find them. */
async function localSecret(path: string | undefined): Promise<string> {
  if (!path) return randomBytes(32).toString('hex');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

async function defineSampleNewsletter(store: NewsletterStore): Promise<void> {
  const now = new Date();
  try {
    await store.add(SAMPLE_NEWSLETTER, { lastSlot: latestSlotAtOrBefore(SAMPLE_NEWSLETTER.schedule, now).toISOString(), cursor: await sampleFirstIssueCursor() });
  } catch (error) {
    if (!(error instanceof NewsletterExistsError)) throw error;
  }
}

/**
 * Just before the oldest sample post of the newsletter's publication: the samples are dated weeks
 * back, so a first issue covering only the last day (as `newsletter add` starts one) would make the
 * welcome text's `newsletter send --dry-run` and `preview` say "nothing new" on a fresh start.
 */
async function sampleFirstIssueCursor(): Promise<string> {
  const posts = await loadSamplePosts(samplePostsDirectoryOf(SAMPLE_NEWSLETTER.publication));
  const oldest = Math.min(...posts.map((post) => Date.parse(post.publishedAt)));
  return new Date(oldest - 1).toISOString();
}

function scheduledEvent(region: string): ScheduledEvent {
  return { version: '0', id: 'local', 'detail-type': 'Scheduled Event', source: 'aws.events', account: 'local', time: new Date().toISOString(), region, resources: [], detail: {} };
}
