import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { MailThrottledError } from '../../shared/newsletter/mail/mailer.ts';
import { parseRecipientBatch, RecipientBatchError } from '../../shared/newsletter/send/recipient-batch.ts';
import { COUNT_METRICS } from '../../shared/observability/pipeline-metrics.ts';
import { bootstrapNewsletterFunction } from '../bootstrap/newsletter-runtime.ts';

// Built once per execution environment; the same module runs in Lambda and under `npm start`.
const { log, metrics, observe, services } = bootstrapNewsletterFunction();

/** SQS recipient batches → SES, one ledger transaction per batch → the messages to deliver again. */
export const handler = observe(sendBatches, (event: SQSEvent) => ({ messages: event.Records.length }));

async function sendBatches(event: SQSEvent): Promise<SQSBatchResponse> {
  const { sender } = await services();
  const failed: string[] = [];
  let throttled = false;
  for (const record of event.Records) {
    // Once SES says "slow down", the rest of this event goes back to the queue unsent.
    if (throttled) {
      failed.push(record.messageId);
      continue;
    }
    try {
      const summary = await sender.sendBatch(parseRecipientBatch(record.body));
      metrics.count(COUNT_METRICS.newsletterMailsSent, summary.sent);
    } catch (error) {
      if (error instanceof RecipientBatchError) {
        // A malformed message fails the same way every time: drop it (logged) rather than feed the DLQ forever.
        log.error('recipient batch dropped', { messageId: record.messageId, error });
        continue;
      }
      throttled = error instanceof MailThrottledError;
      metrics.count(throttled ? COUNT_METRICS.newsletterSendThrottles : COUNT_METRICS.newsletterSendFailures);
      log.warn('recipient batch failed; SQS will deliver it again', { messageId: record.messageId, error });
      failed.push(record.messageId);
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
