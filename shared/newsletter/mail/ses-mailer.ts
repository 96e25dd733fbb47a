import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { MailThrottledError, type Mailer, type OutgoingMail } from './mailer.ts';

/** SES's answers that mean "slow down", not "this message is wrong". */
const THROTTLING_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException', 'SendingPausedException']);

/**
 * SES v2 SendEmail with simple content, so SES builds the MIME and signs it (DKIM); the
 * configuration set routes bounces and complaints to the events function.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSetName: string | undefined,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    try {
      const result = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
          ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
              Headers: mail.headers.map((header) => ({ Name: header.name, Value: header.value })),
            },
          },
        }),
      );
      return { messageId: result.MessageId ?? '' };
    } catch (error) {
      if (error instanceof Error && THROTTLING_ERRORS.has(error.name)) throw new MailThrottledError(`SES throttled: ${error.name}`, { cause: error });
      throw error;
    }
  }
}
