import type { SNSEvent } from 'aws-lambda';
import * as z from '../../shared/validation/zod-mini.ts';
import { bootstrapNewsletterFunction } from '../bootstrap/newsletter-runtime.ts';

// Built once per execution environment.
const { log, observe, services } = bootstrapNewsletterFunction();

const SnsEventSchema = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })) });

/** SNS notifications from the SES configuration set → bounces and complaints onto the suppression list. */
export const handler = observe(recordEvents, (event: SNSEvent) => ({ records: event.Records.length }));

async function recordEvents(event: SNSEvent): Promise<{ suppressed: number }> {
  const parsed = SnsEventSchema.safeParse(event);
  if (!parsed.success) {
    log.warn('not an SNS event; ignored');
    return { suppressed: 0 };
  }
  const { sesEvents } = await services();
  let suppressed = 0;
  for (const record of parsed.data.Records) suppressed += await sesEvents.record(record.Sns.Message);
  return { suppressed };
}
