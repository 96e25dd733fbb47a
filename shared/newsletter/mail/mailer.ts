/** One message as the newsletter hands it to the mail service. */
export interface OutgoingMail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra header fields, e.g. List-Unsubscribe. */
  headers: { name: string; value: string }[];
}

/** The mail service port: SES v2 in AWS and under `npm start` (its emulator), a recorder in unit tests. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** The mail service refused for rate: the rest of the batch waits for a retry instead of failing one by one. */
export class MailThrottledError extends Error {
  override readonly name = 'MailThrottledError';
}
