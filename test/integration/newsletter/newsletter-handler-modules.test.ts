import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import { localLambdaContext } from '../../../local/lambda-context.ts';
import { NEWSLETTER_SCHEDULER_FUNCTION, NEWSLETTER_SENDER_FUNCTION } from '../../../local/newsletter/local-newsletter.ts';
import type { RecipientBatch } from '../../../shared/newsletter/send/recipient-batch.ts';
import { COUNT_METRICS, METRIC_SERVICES } from '../../../shared/observability/pipeline-metrics.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { EMULATOR_REGION } from '../../support/emulator-clients.ts';
import { NEWSLETTER_BASE_URL, NewsletterRig, TEST_NEWSLETTER_SECRET } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';
import { testSite } from '../../support/test-site.ts';

/** What the stack sets on the newsletter functions, pointed at the emulators, with metrics on. */
function stubFunctionEnvironment(rig: NewsletterRig): void {
  const site = testSite();
  const environment: Record<string, string> = {
    TABLE_NAME: rig.tableName,
    AWS_REGION: EMULATOR_REGION,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    SITE_TITLE: site.title,
    SITE_DESCRIPTION: site.description,
    SITE_URL: site.siteUrl,
    FEED_BASE_URL: site.feedBaseUrl,
    TAG_AUTHORITY: site.tagAuthority,
    NEWSLETTER_SECRET: TEST_NEWSLETTER_SECRET,
    NEWSLETTER_BASE_URL,
    NEWSLETTER_SEND_RATE: '1000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined as unknown as string);
}

function sqsEvent(batches: readonly RecipientBatch[]): SQSEvent {
  return { Records: batches.map((batch, index) => ({ messageId: `message-${index}`, body: JSON.stringify(batch) })) } as SQSEvent;
}

/** The EMF documents written: one JSON line each with an `_aws` member. */
function metricDocuments(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => '_aws' in line);
}

describe('the newsletter handler modules, as Lambda loads them', () => {
  let rig: NewsletterRig;
  let sesFaults: ReturnType<typeof mockClient> | undefined;

  beforeEach(async () => {
    rig = await new NewsletterRig().start();
    await rig.addNewsletter();
    vi.resetModules();
    stubFunctionEnvironment(rig);
  });

  afterEach(() => {
    sesFaults?.restore();
    sesFaults = undefined;
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rig.close();
  });

  it('the sender counts mails sent per batch, a throttled batch and a failed one, for the alarms', async () => {
    await rig.writeConfirmedReaders(4);
    await rig.publish(makePost({ id: 'defenders-forum', url: 'https://humanrights.example.org/2026/11/defenders-forum', publishedAt: '2026-11-29T09:00:00Z', updatedAt: '2026-11-29T09:00:00Z' }));
    rig.now = new Date('2026-11-30T02:05:00Z');
    await rig.services.planner.planDue();
    const [batch] = rig.queued.splice(0);
    const first = { ...batch!, recipients: batch!.recipients.slice(0, 3) };
    const last = { ...batch!, recipients: batch!.recipients.slice(3) };
    const { handler } = await import('../../../functions/newsletter-sender/handler.ts');
    const output = captureOutput();

    expect(await handler(sqsEvent([first]), localLambdaContext(NEWSLETTER_SENDER_FUNCTION, { region: EMULATOR_REGION }))).toEqual({ batchItemFailures: [] });
    sesFaults = mockClient(SESv2Client);
    sesFaults.on(SendEmailCommand).rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} })).rejects(new Error('connect ECONNRESET'));
    // The last reader's batch: throttled once, then a connection failure; each delivery returns it to the queue.
    expect(await handler(sqsEvent([last]), localLambdaContext(NEWSLETTER_SENDER_FUNCTION, { region: EMULATOR_REGION }))).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-0' }] });
    expect(await handler(sqsEvent([last]), localLambdaContext(NEWSLETTER_SENDER_FUNCTION, { region: EMULATOR_REGION }))).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-0' }] });

    const documents = metricDocuments(output.out()).filter((document) => document.service === METRIC_SERVICES.newsletter);
    expect(documents).toContainEqual(expect.objectContaining({ [COUNT_METRICS.newsletterMailsSent]: 3 }));
    expect(documents).toContainEqual(expect.objectContaining({ [COUNT_METRICS.newsletterSendThrottles]: 1 }));
    expect(documents).toContainEqual(expect.objectContaining({ [COUNT_METRICS.newsletterSendFailures]: 1 }));
  });

  it('the sender hands batches back unsent when the invocation has too little time left to finish one', async () => {
    const readers = await rig.writeConfirmedReaders(2);
    await rig.publish(makePost({ id: 'monitors-barred', url: 'https://humanrights.example.org/2026/11/monitors-barred', publishedAt: '2026-11-29T09:00:00Z', updatedAt: '2026-11-29T09:00:00Z' }));
    rig.now = new Date('2026-11-30T02:05:00Z');
    await rig.services.planner.planDue();
    const [batch] = rig.queued.splice(0);
    const { handler } = await import('../../../functions/newsletter-sender/handler.ts');
    captureOutput();
    // Five seconds left: less than a batch's reads and writes need, whatever the rate.
    const shortOfTime = localLambdaContext({ ...NEWSLETTER_SENDER_FUNCTION, timeoutMs: 5_000 }, { region: EMULATOR_REGION });
    expect(await handler(sqsEvent([batch!, batch!]), shortOfTime)).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-0' }, { itemIdentifier: 'message-1' }] });
    for (const reader of readers) expect(await rig.mailTo(reader)).toEqual([]);
    expect(await handler(sqsEvent([batch!]), localLambdaContext(NEWSLETTER_SENDER_FUNCTION, { region: EMULATOR_REGION }))).toEqual({ batchItemFailures: [] });
    for (const reader of readers) expect(await rig.mailTo(reader)).toHaveLength(1);
  });

  it('the scheduler counts each newsletter it could not plan, for the alarms', async () => {
    await rig.addNewsletter({ id: 'orphan-brief', publication: 'nowhere' });
    rig.now = new Date();
    const { handler } = await import('../../../functions/newsletter-scheduler/handler.ts');
    const output = captureOutput();
    const summary = await handler(
      { version: '0', id: 'test', 'detail-type': 'Scheduled Event', source: 'aws.events', account: 'test', time: new Date().toISOString(), region: EMULATOR_REGION, resources: [], detail: {} },
      localLambdaContext(NEWSLETTER_SCHEDULER_FUNCTION, { region: EMULATOR_REGION }),
    );
    expect(summary.failed).toEqual([expect.objectContaining({ newsletter: 'nowhere/orphan-brief' })]);
    expect(metricDocuments(output.out())).toContainEqual(expect.objectContaining({ service: METRIC_SERVICES.newsletter, [COUNT_METRICS.newsletterPlanFailures]: 1 }));
  });
});
