import * as z from 'zod';

const RecipientSchema = z.object({ emailAddress: z.string() });

/**
 * The part of an SES event notification (configuration set event destination, published to SNS)
 * that decides suppression. `eventType` is the event-publishing field; identity notifications
 * say `notificationType`; both carry the same bounce and complaint objects.
 */
export const SesNotificationSchema = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: z.array(RecipientSchema) }).optional(),
    complaint: z.object({ complainedRecipients: z.array(RecipientSchema) }).optional(),
  })
  .transform((notification) => ({ ...notification, type: notification.eventType ?? notification.notificationType ?? 'unknown' }));

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
