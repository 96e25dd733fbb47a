import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { MailThrottledError } from '../../shared/newsletter/mail/mailer.ts';
import { parseRecipientBatch, RecipientBatchError } from '../../shared/newsletter/send/recipient-batch.ts';
import { timeToSendBatch } from '../../shared/newsletter/send/send-deadline.ts';
import { COUNT_METRICS } from '../../shared/observability/pipeline-metrics.ts';
import { bootstrapNewsletterFunction } from '../bootstrap/newsletter-runtime.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { config, log, metrics, observe, services } = bootstrapNewsletterFunction();

/** SQS recipient batches → SES, one ledger transaction per batch → the messages to deliver again. */
export const handler = observe(sendBatches, (event: SQSEvent) => ({ messages: event.Records.length }));

async function sendBatches(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const { sender } = await services();
  const failed: string[] = [];
  // Once SES says "slow down", or the invocation's time runs short, the rest of this event goes back to the queue unsent.
  let stopped: 'throttled' | 'out of time' | undefined;
  for (const record of event.Records) {
    if (stopped) {
      failed.push(record.messageId);
      continue;
    }
    try {
      const batch = parseRecipientBatch(record.body);
      if (context.getRemainingTimeInMillis() < timeToSendBatch(batch.recipients.length, config.sendRatePerSecond)) {
        stopped = 'out of time';
        log.warn('too little time left for a recipient batch; it goes back to the queue', { messageId: record.messageId, remainingMs: context.getRemainingTimeInMillis() });
        failed.push(record.messageId);
        continue;
      }
      const summary = await sender.sendBatch(batch);
      metrics.count(COUNT_METRICS.newsletterMailsSent, summary.sent);
    } catch (error) {
      if (error instanceof RecipientBatchError) {
        // A malformed message fails the same way every time: drop it (logged) rather than feed the DLQ forever.
        log.error('recipient batch dropped', { messageId: record.messageId, error });
        continue;
      }
      if (error instanceof MailThrottledError) stopped = 'throttled';
      metrics.count(stopped === 'throttled' ? COUNT_METRICS.newsletterSendThrottles : COUNT_METRICS.newsletterSendFailures);
      log.warn('recipient batch failed; SQS will deliver it again', { messageId: record.messageId, error });
      failed.push(record.messageId);
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
