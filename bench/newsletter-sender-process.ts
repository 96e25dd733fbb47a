/**
 * One newsletter sender in a process of its own, as one Lambda instance: the very handler module
 * (`functions/newsletter-sender/handler.ts`), configured through the environment as the stack
 * configures it, under the local SQS event source with the stack's batch size, one invocation at
 * a time. Started by `bench/newsletter-bench.ts` with `fork`; it says `ready` once loaded, starts
 * receiving on `go`, and on `stop` stops and reports its CPU time and peak RSS.
 */
import './bench-env.ts';
import { z } from 'zod';
import { createSqsClient } from '../shared/aws/sqs-client.ts';
import { EMULATOR_CREDENTIALS } from '../local/emulators/emulator-credentials.ts';
import { NEWSLETTER_SENDER_FUNCTION } from '../local/newsletter/local-newsletter.ts';
import { SqsEventSource } from '../local/queue/sqs-event-source.ts';
import { warningsOnlyJsonLog } from './bench-log.ts';

export const NewsletterSenderSettingsSchema = z.object({
  /** The handler's environment (TABLE_NAME, DYNAMODB_ENDPOINT, SES_ENDPOINT, NEWSLETTER_SEND_RATE, …). */
  environment: z.record(z.string(), z.string()),
  sqsEndpoint: z.url(),
  queueUrl: z.url(),
  queueArn: z.string().min(1),
  batchSize: z.number().int().min(1).max(10),
});

export type NewsletterSenderSettings = z.infer<typeof NewsletterSenderSettingsSchema>;

export const NewsletterSenderReportSchema = z.object({
  /** From `go` to `stop`: the sending, not tsx compiling the modules. */
  cpuMs: z.number(),
  maxRssMb: z.number(),
});

export type NewsletterSenderReport = z.infer<typeof NewsletterSenderReportSchema>;

async function main(): Promise<void> {
  const settings = NewsletterSenderSettingsSchema.parse(JSON.parse(process.env.NEWSLETTER_SENDER_SETTINGS ?? '{}'));
  Object.assign(process.env, settings.environment);
  // Loaded after the environment is set: the module configures itself when it loads, as in Lambda.
  const sender = await import('../functions/newsletter-sender/handler.ts');
  const sqs = createSqsClient({ region: 'us-east-1', endpoint: settings.sqsEndpoint, credentials: { ...EMULATOR_CREDENTIALS } });
  let source: SqsEventSource | undefined;
  let cpuAtGo = process.cpuUsage();
  process.on('message', async (message) => {
    if (message === 'go') {
      cpuAtGo = process.cpuUsage();
      source = SqsEventSource.start({
        sqs,
        queueUrl: settings.queueUrl,
        queueArn: settings.queueArn,
        awsRegion: 'us-east-1',
        handler: sender.handler,
        function: NEWSLETTER_SENDER_FUNCTION,
        batchSize: settings.batchSize,
        maxConcurrency: 1,
        waitTimeSeconds: 1,
        log: warningsOnlyJsonLog,
      });
      return;
    }
    await source?.stop();
    sqs.destroy();
    const cpu = process.cpuUsage(cpuAtGo);
    const report: NewsletterSenderReport = { cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.send?.(report, () => process.exit(0));
  });
  process.send?.('ready');
}

if (process.send) await main();
