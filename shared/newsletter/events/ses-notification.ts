import * as z from '../../validation/zod-mini.ts';

const RecipientSchema = z.object({ emailAddress: z.string() });

/**
 * The part of an SES event notification (configuration set event destination, published to SNS)
 * that decides suppression. `eventType` is the event-publishing field; identity notifications
 * say `notificationType`; both carry the same bounce and complaint objects.
 */
const SesNotificationFieldsSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: z.array(RecipientSchema) })),
  complaint: z.optional(z.object({ complainedRecipients: z.array(RecipientSchema) })),
});

export const SesNotificationSchema = z.pipe(
  SesNotificationFieldsSchema,
  z.transform((notification: z.output<typeof SesNotificationFieldsSchema>) => ({
    ...notification,
    type: notification.eventType ?? notification.notificationType ?? 'unknown',
  })),
);

export type SesNotification = z.output<typeof SesNotificationSchema>;

/** What one notification asks of the suppression list. */
export interface SuppressionRequest {
  addresses: string[];
  reason: 'bounce' | 'complaint';
}

/**
 * Permanent bounces and complaints suppress; transient bounces (a full mailbox, a greylisting
 * server) do not, since SES has already retried them and the next issue may well arrive.
 */
export function suppressionRequestOf(notification: SesNotification): SuppressionRequest | undefined {
  if (notification.type === 'Bounce' && notification.bounce?.bounceType === 'Permanent') {
    return { addresses: notification.bounce.bouncedRecipients.map((recipient) => recipient.emailAddress), reason: 'bounce' };
  }
  if (notification.type === 'Complaint' && notification.complaint) {
    return { addresses: notification.complaint.complainedRecipients.map((recipient) => recipient.emailAddress), reason: 'complaint' };
  }
  return undefined;
}
