import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../local/bootstrap.ts';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { createAwsClients } from '../shared/aws/aws-clients.ts';
import { createSesClient } from '../shared/aws/ses-client.ts';
import { mapWithConcurrency } from '../shared/concurrency/map-with-concurrency.ts';
import { feedsOfPost } from '../shared/feed/feed-id.ts';
import { SILENT_LOG } from '../shared/log/event-log.ts';
import { AddressProtection } from '../shared/newsletter/address-protection.ts';
import { SesMailer } from '../shared/newsletter/mail/ses-mailer.ts';
import { NewsletterDefinitionSchema } from '../shared/newsletter/newsletter-definition.ts';
import { keyringOf } from '../shared/newsletter/newsletter-keyring.ts';
import { subscriberKey } from '../shared/newsletter/newsletter-keys.ts';
import { createNewsletterServices } from '../shared/newsletter/newsletter-services.ts';
import type { RecipientBatch } from '../shared/newsletter/send/recipient-batch.ts';
import { FeedMembershipStore } from '../shared/store/feed-membership-store.ts';
import { validatePost } from '../shared/post/post-validation.ts';
import { SiteConfigSchema } from '../shared/config/site-config.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';
import { formatCount, formatMs, formatRate } from './bench-stats.ts';
import { startSesSendCounter } from './ses-send-counter.ts';

const TABLE = 'bench-newsletter';
const SECRET = '5e'.repeat(32);
/** Senders at once, as the stack's event source allows. */
const SENDERS = 2;
const NEWSLETTER = NewsletterDefinitionSchema.parse({ publication: 'default', id: 'bench-brief', title: 'Bench Brief', from: 'brief@bench.example.org', schedule: { frequency: 'daily', time: '07:00', timeZone: 'UTC' } });

/**
 * 100,000 (BENCH_NEWSLETTER_RECIPIENTS) confirmed subscribers in DynamoDB Local, one issue planned
 * (query, stored digest, batches of 50) and sent by two senders unpaced: every recipient re-read,
 * checked against the suppression list, claimed in the ledger, rendered and sent to a counting
 * SES stand-in on 127.0.0.1. Prints time and peak memory of each phase.
 */
export async function runNewsletterBench(recipients: number): Promise<void> {
  const dynamoDb = await startDynamoDbLocal({ log: warningsOnlyJsonLog });
  const ses = await startSesSendCounter();
  const clients = createAwsClients({ region: 'us-east-1', dynamoDbEndpoint: dynamoDb.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const sesClient = createSesClient({ region: 'us-east-1', endpoint: ses.endpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  const peak = new PeakMemory();
  try {
    await createTable(clients.dynamoDb, TABLE);
    const queued: RecipientBatch[] = [];
    const services = createNewsletterServices({
      documents: clients.documents,
      tableName: TABLE,
      site: SiteConfigSchema.parse({ title: 'Bench Monitor', description: 'Bench', siteUrl: 'https://bench.example.org/', feedBaseUrl: 'https://feeds.bench.example.org/', tagAuthority: 'bench.example.org,2026' }),
      keyring: keyringOf(SECRET),
      baseUrl: 'https://newsletter.bench.example.org/',
      mailer: new SesMailer(sesClient, 'bench'),
      queue: { enqueue: async (batches) => void queued.push(...batches) },
      sendRatePerSecond: 1_000_000,
      subscribeResponseFloorMs: 0,
      log: SILENT_LOG,
    });
    const now = new Date();
    await services.newsletters.add(NEWSLETTER, { lastSlot: new Date(now.getTime() - 86_400_000).toISOString(), cursor: new Date(now.getTime() - 86_400_000).toISOString() });
    await publishPosts(clients.documents, now);

    let started = performance.now();
    await fillSubscribers(clients.documents, new AddressProtection(keyringOf(SECRET)), recipients, now);
    console.log(`  fill (setup):  ${formatCount(recipients)} confirmed subscribers written in ${formatMs(performance.now() - started)}`);

    peak.reset();
    started = performance.now();
    const newsletter = await services.newsletters.get(NEWSLETTER);
    if (!newsletter) throw new Error('bench newsletter missing');
    const outcome = await services.planner.planIssue(newsletter, now.toISOString());
    const planMs = performance.now() - started;
    if (outcome.kind !== 'planned') throw new Error(`bench issue not planned: ${outcome.kind}`);
    console.log(`  plan:          ${formatCount(outcome.recipients)} recipients in ${formatCount(outcome.batches)} batches, ${formatMs(planMs)}; peak RSS ${peak.megabytes()} MB`);

    peak.reset();
    started = performance.now();
    const settled = await mapWithConcurrency(queued, SENDERS, (batch) => services.sender.sendBatch(batch));
    const sendMs = performance.now() - started;
    const failed = settled.filter((result) => result.status === 'rejected').length;
    console.log(`  send:          ${formatCount(ses.sent())} mails by ${SENDERS} senders in ${formatMs(sendMs)} (${formatRate(ses.sent(), sendMs, 'mails')}), ${failed} batches failed; peak RSS ${peak.megabytes()} MB`);
    console.log('  SES:           a counting stand-in with the SES v2 SendEmail API on 127.0.0.1 (aws-ses-v2-local keeps every message in memory)');
  } finally {
    peak.stop();
    sesClient.destroy();
    clients.documents.destroy();
    clients.dynamoDb.destroy();
    await ses.stop();
    await dynamoDb.stop();
  }
}

async function publishPosts(documents: DynamoDBDocumentClient, now: Date): Promise<void> {
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

async function fillSubscribers(documents: DynamoDBDocumentClient, protection: AddressProtection, count: number, now: Date): Promise<void> {
  const chunks: number[] = [];
  for (let start = 0; start < count; start += 25) chunks.push(start);
  await mapWithConcurrency(chunks, 8, async (start) => {
    const items = Array.from({ length: Math.min(25, count - start) }, (_, offset) => {
      const address = `reader-${start + offset}@readers.bench.example.net`;
      const lookupKey = protection.lookupKey(address);
      return { PutRequest: { Item: { ...subscriberKey(NEWSLETTER, lookupKey), status: 'confirmed', address: protection.encrypt(address), createdAt: now.toISOString(), confirmedAt: now.toISOString() } } };
    });
    let pending: typeof items = items;
    while (pending.length > 0) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
      pending = (result.UnprocessedItems?.[TABLE] ?? []) as typeof items;
    }
  });
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
