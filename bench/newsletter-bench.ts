import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { DocumentTable } from '../shared/store/document-table.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { startSqsStandIn, type RunningSqsStandIn } from '../local/queue/sqs-stand-in.ts';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { createSqsClient } from '../shared/aws/sqs-client.ts';
import { siteConfigFromEnv } from '../shared/config/site-config-from-env.ts';
import { feedsOfPost } from '../shared/feed/feed-id.ts';
import { SILENT_LOG } from '../shared/log/event-log.ts';
import { AddressProtection } from '../shared/newsletter/address-protection.ts';
import type { Mailer } from '../shared/newsletter/mail/mailer.ts';
import { NewsletterDefinitionSchema } from '../shared/newsletter/newsletter-definition.ts';
import { keyringOf } from '../shared/newsletter/newsletter-keyring.ts';
import { subscriberKey } from '../shared/newsletter/newsletter-keys.ts';
import { createNewsletterServices } from '../shared/newsletter/newsletter-services.ts';
import { SqsRecipientQueue } from '../shared/newsletter/send/recipient-queue.ts';
import { validatePost } from '../shared/post/post-validation.ts';
import { countQueryItems } from '../shared/store/paged-items.ts';
import { batchWriteAll } from '../shared/store/batch-writer.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { formatCount, formatMs, formatRate } from './bench-stats.ts';
import { NewsletterSenderReportSchema, type NewsletterSenderReport, type NewsletterSenderSettings } from './newsletter-sender-process.ts';
import { startReportingChild, stopReportingChild, type ReportingChildScript } from './reporting-child.ts';
import { startRequestCountingProxy, type RequestCountingProxy } from './request-counting-proxy.ts';
import { startSesEmulatorProcess, type SesEmulatorProcess } from './ses-emulator-process.ts';
import { createTableWithoutStream } from './table-fill.ts';

const TABLE = 'bench-newsletter';
const SECRET = '5e'.repeat(32);
const QUEUE = 'bench-newsletter-recipients';
const DEAD_LETTERS = 'bench-newsletter-dlq';
const SENDER_PROCESS: ReportingChildScript<NewsletterSenderReport> = {
  script: fileURLToPath(new URL('./newsletter-sender-process.ts', import.meta.url)),
  settingsVariable: 'NEWSLETTER_SENDER_SETTINGS',
  label: 'newsletter sender',
  parseReport: (message) => NewsletterSenderReportSchema.parse(message),
};
/** As the stack deploys the sender: two at once, five recipient batches per invocation, five receives before the DLQ. */
const SENDERS = 2;
const SENDER_BATCH_SIZE = 5;
const MAX_RECEIVE_COUNT = 5;
/** NEWSLETTER_SEND_RATE's ceiling: "unpaced" is each sender at this rate. */
const UNPACED_RATE_PER_SENDER = 10_000;
const NEWSLETTER = NewsletterDefinitionSchema.parse({ publication: 'default', id: 'bench-brief', title: 'Bench Brief', from: 'brief@bench.example.org', schedule: { frequency: 'daily', time: '07:00', timeZone: 'UTC' } });
const SITE_ENV = {
  SITE_TITLE: 'Bench Monitor',
  SITE_DESCRIPTION: 'Bench',
  SITE_URL: 'https://bench.example.org/',
  FEED_BASE_URL: 'https://feeds.bench.example.org/',
  SITE_LANGUAGE: 'en',
  TAG_AUTHORITY: 'bench.example.org,2026',
};

export interface NewsletterBenchOptions {
  recipients: number;
  /** The account's SES rate, split between the senders as the stack splits it; undefined sends unpaced. */
  sendRatePerSecond?: number;
}

/**
 * One issue to `recipients` confirmed subscribers in DynamoDB Local: planned by the scheduler's
 * code (query, stored digest, batches of 50 on the local SQS stand-in), then sent by two sender
 * processes running the sender's handler module under the queue's event source, to
 * aws-ses-v2-local in a process of its own. DynamoDB requests are counted at a proxy; the mails
 * SES accepted, from the ledger's `sent` entries.
 */
export async function runNewsletterBench(options: NewsletterBenchOptions): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ log: warningsOnlyJsonLog });
  const proxy = await startRequestCountingProxy(dynamoDb.endpoint);
  const ses = await startSesEmulatorProcess(warningsOnlyJsonLog);
  const standIn = await startSqsStandIn({
    queues: [
      { name: QUEUE, visibilityTimeoutSeconds: 60, redrive: { deadLetterQueueName: DEAD_LETTERS, maxReceiveCount: MAX_RECEIVE_COUNT } },
      { name: DEAD_LETTERS, visibilityTimeoutSeconds: 30 },
    ],
    log: warningsOnlyJsonLog,
  });
  const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: proxy.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const sqs = createSqsClient({ region: 'us-east-1', endpoint: standIn.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const peak = new PeakMemory();
  let senders: ChildProcess[] = [];
  try {
    await createTableWithoutStream(clients.dynamoDb, TABLE);
    const now = new Date();
    await publishPosts(clients.documents, now);
    let started = performance.now();
    await fillSubscribers(clients.documents, new AddressProtection(keyringOf(SECRET)), options.recipients, now);
    console.log(`  fill (setup):  ${formatCount(options.recipients)} confirmed subscribers written in ${formatMs(performance.now() - started)}`);

    proxy.reset();
    peak.reset();
    started = performance.now();
    const planned = await planIssue(clients.documents, new SqsRecipientQueue(sqs, standIn.queueUrl(QUEUE)), now);
    const planMs = performance.now() - started;
    const planCalls = totalOf(proxy.counts());
    console.log(`  plan:          ${formatCount(planned.recipients)} recipients in ${formatCount(planned.batches)} queued batches, ${formatMs(planMs)}; ${planCalls} DynamoDB requests; peak RSS ${peak.megabytes()} MB`);

    const ratePerSender = options.sendRatePerSecond ? Math.max(1, Math.floor(options.sendRatePerSecond / SENDERS)) : UNPACED_RATE_PER_SENDER;
    senders = await Promise.all(Array.from({ length: SENDERS }, () => startReportingChild(SENDER_PROCESS, senderSettings(standIn, proxy.endpoint, ses.endpoint, ratePerSender))));
    proxy.reset();
    started = performance.now();
    senders.forEach((sender) => sender.send('go'));
    await queueEmptied(standIn, ses);
    const sendMs = performance.now() - started;
    const reports = await Promise.all(senders.map((sender) => stopReportingChild(SENDER_PROCESS, sender)));
    senders = [];
    const sendCounts = proxy.counts();
    const sent = await countSent(clients.documents, now);
    printSend({ options, ratePerSender, sendMs, sent, planned: planned.recipients, sendCounts, planCalls, reports, ses, deadLetters: standIn.queue(DEAD_LETTERS).counts().visible });
  } finally {
    peak.stop();
    senders.forEach((sender) => sender.kill());
    sqs.destroy();
    clients.dynamoDb.destroy();
    await standIn.stop();
    await ses.stop();
    await proxy.close();
    await dynamoDb.stop();
  }
}

async function planIssue(documents: DocumentTable, queue: SqsRecipientQueue, now: Date): Promise<{ recipients: number; batches: number }> {
  const services = createNewsletterServices({
    documents,
    tableName: TABLE,
    site: siteConfigFromEnv(SITE_ENV),
    keyring: keyringOf(SECRET),
    baseUrl: 'https://newsletter.bench.example.org/',
    mailer: unusedMailer,
    queue,
    sendRatePerSecond: UNPACED_RATE_PER_SENDER,
    subscribeResponseFloorMs: 0,
    log: SILENT_LOG,
  });
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString();
  await services.newsletters.add(NEWSLETTER, { lastSlot: yesterday, cursor: yesterday });
  const newsletter = await services.newsletters.get(NEWSLETTER);
  if (!newsletter) throw new Error('bench newsletter missing');
  const outcome = await services.planner.planIssue(newsletter, now.toISOString());
  if (outcome.kind !== 'planned') throw new Error(`bench issue not planned: ${outcome.kind}`);
  return outcome;
}

const unusedMailer: Mailer = { send: () => Promise.reject(new Error('the bench plans here; the sender processes send')) };

function senderSettings(standIn: RunningSqsStandIn, dynamoDbEndpoint: string, sesEndpoint: string, ratePerSender: number): NewsletterSenderSettings {
  return {
    environment: {
      ...SITE_ENV,
      TABLE_NAME: TABLE,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
      DYNAMODB_ENDPOINT: dynamoDbEndpoint,
      SES_ENDPOINT: sesEndpoint,
      SES_CONFIGURATION_SET: 'bench',
      NEWSLETTER_SECRET: SECRET,
      NEWSLETTER_BASE_URL: 'https://newsletter.bench.example.org/',
      NEWSLETTER_SEND_RATE: String(ratePerSender),
    },
    sqsEndpoint: standIn.endpoint,
    queueUrl: standIn.queueUrl(QUEUE),
    queueArn: standIn.queueArn(QUEUE),
    batchSize: SENDER_BATCH_SIZE,
  };
}


/** Every batch was sent and deleted, or dead-lettered; stops early if the emulator died. */
async function queueEmptied(standIn: RunningSqsStandIn, ses: SesEmulatorProcess): Promise<void> {
  const queue = standIn.queue(QUEUE);
  for (;;) {
    ses.usage();
    const counts = queue.counts();
    if (counts.visible === 0 && counts.inFlight === 0) return;
    if (!ses.running()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The ledger's `sent` entries: mails SES accepted and the sender recorded. */
async function countSent(documents: DocumentTable, now: Date): Promise<number> {
  return countQueryItems(documents, {
    TableName: TABLE,
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: '#state = :sent',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':pk': `DELIVERY#${NEWSLETTER.publication}#${NEWSLETTER.id}#${now.toISOString()}`, ':sent': 'sent' },
  });
}

interface SendFigures {
  options: NewsletterBenchOptions;
  ratePerSender: number;
  sendMs: number;
  sent: number;
  planned: number;
  sendCounts: Map<string, number>;
  planCalls: number;
  reports: NewsletterSenderReport[];
  ses: SesEmulatorProcess;
  deadLetters: number;
}

function printSend(figures: SendFigures): void {
  const { sendMs, sent, planned, sendCounts, reports, ses } = figures;
  const pacing = figures.options.sendRatePerSecond ? `paced at ${figures.options.sendRatePerSecond}/s (${figures.ratePerSender}/s per sender)` : 'unpaced';
  console.log(`  send:          ${formatCount(sent)} of ${formatCount(planned)} mails accepted by ${SENDERS} sender processes, ${pacing}, in ${formatMs(sendMs)} (${formatRate(sent, sendMs, 'mails')}); ${figures.deadLetters} batches dead-lettered`);
  const sendCalls = totalOf(sendCounts);
  const byAction = [...sendCounts].sort(([, a], [, b]) => b - a).map(([action, count]) => `${action.replace('DynamoDB_20120810.', '')} ${count}`).join(', ');
  console.log(`  DynamoDB:      ${(sendCalls / Math.max(1, planned)).toFixed(3)} requests per recipient sending (${byAction}); ${((sendCalls + figures.planCalls) / Math.max(1, planned)).toFixed(3)} with planning`);
  const emulator = ses.usage();
  console.log(`  senders:       peak RSS ${reports.map((report) => `${report.maxRssMb.toFixed(0)} MB`).join(', ')}; CPU ${reports.map((report) => formatMs(report.cpuMs)).join(', ')}`);
  const perMessageKb = ((emulator.peakRssMb - emulator.startRssMb) * 1024) / Math.max(1, sent);
  console.log(`  SES emulator:  aws-ses-v2-local in its own process: peak RSS ${emulator.peakRssMb.toFixed(0)} MB (${emulator.startRssMb.toFixed(0)} MB empty, about ${perMessageKb.toFixed(1)} KB per message it keeps); CPU ${formatMs(emulator.cpuMs)}`);
  if (!ses.running()) console.log('  SES emulator:  DIED during the run: it keeps every message in memory; the figures above stop there');
}

function totalOf(counts: Map<string, number>): number {
  return [...counts.values()].reduce((sum, count) => sum + count, 0);
}

async function publishPosts(documents: DocumentTable, now: Date): Promise<void> {
  const posts = Array.from({ length: 12 }, (_, index) => {
    const publishedAt = new Date(now.getTime() - (index + 1) * 3_600_000).toISOString();
    return validatePost({
      id: `bench-dispatch-${index}`,
      title: `Dispatch ${index + 1}: a day at the district court`,
      summary: 'Observers counted the hearings, the adjournments and the empty seats reserved for the press.',
      contentHtml: '<p>Observers sat through every hearing of the day.</p>',
      url: `https://bench.example.org/2026/dispatch-${index}`,
      authors: [{ name: 'Bench Desk' }],
      publishedAt,
    });
  });
  await new FeedMembershipStore(documents, TABLE).apply(posts.flatMap((post) => feedsOfPost(post).map((feedId) => ({ kind: 'put' as const, feedId, post }))));
}

async function fillSubscribers(documents: DocumentTable, protection: AddressProtection, count: number, now: Date): Promise<void> {
  const at = now.toISOString();
  for (let start = 0; start < count; start += 5_000) {
    const requests = Array.from({ length: Math.min(5_000, count - start) }, (_, offset) => {
      const address = `reader-${start + offset}@readers.bench.example.net`;
      return { PutRequest: { Item: { ...subscriberKey(NEWSLETTER, protection.lookupKey(address)), status: 'confirmed', address: protection.encrypt(address), createdAt: at, confirmedAt: at } } };
    });
    await batchWriteAll(documents, TABLE, requests);
  }
}

/** Samples resident memory every 50 ms: the peak of a phase. */
class PeakMemory {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 50);

  reset(): void {
    this.peak = process.memoryUsage().rss;
  }

  megabytes(): string {
    this.sample();
    return (this.peak / 2 ** 20).toFixed(0);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
}
