import { SendEmailCommand, TooManyRequestsException, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailThrottledError } from '../../../shared/newsletter/mail/mailer.ts';
import { createSesClient } from '../../../shared/aws/ses-client.ts';
import { NewsletterRig } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';

describe('SES throttling during a digest', () => {
  let rig: NewsletterRig;
  let digestSends = 0;

  beforeEach(async () => {
    rig = await new NewsletterRig({
      // The real emulator answers every send but the second digest, which SES refuses for rate.
      sesClient: (real) => {
        const faulty = createSesClient({ region: 'us-east-1' });
        mockClient(faulty).on(SendEmailCommand).callsFake(async (input: SendEmailCommandInput) => {
          if (input.Content?.Simple?.Subject?.Data?.startsWith('Morning Brief:')) digestSends += 1;
          if (digestSends === 2) {
            digestSends += 1;
            throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
          }
          return real.send(new SendEmailCommand(input));
        });
        return faulty;
      },
    }).start();
    await rig.addNewsletter();
  });
  afterEach(() => rig.close());

  it('fails the batch on a throttle, releases that claim, and the redelivery sends only the unsent', async () => {
    const readers = [await rig.confirmedReader('first'), await rig.confirmedReader('second'), await rig.confirmedReader('third')];
    await rig.publish(makePost({ id: 'water-dispute-talks', url: 'https://humanrights.example.org/2026/11/water-dispute-talks', publishedAt: '2026-11-29T12:00:00Z', updatedAt: '2026-11-29T12:00:00Z' }));
    rig.now = new Date('2026-11-30T02:05:00Z');
    await rig.services.planner.planDue();
    const [batch] = rig.queued;
    if (!batch) throw new Error('nothing queued');
    const sender = rig.services.sender;
    await expect(sender.sendBatch(batch)).rejects.toBeInstanceOf(MailThrottledError);
    const redelivered = await sender.sendBatch(batch);
    expect(redelivered).toMatchObject({ sent: 2, alreadySent: 1 });
    for (const reader of readers) expect(await rig.mailTo(reader)).toHaveLength(2); // confirmation + one digest
  });
});
