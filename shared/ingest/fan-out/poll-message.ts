import * as z from '../../validation/zod-mini.ts';
import { describeSchemaError } from '../../validation/field-problems.ts';
import type { DueSubscription } from '../../store/poll-schedule-store.ts';

/**
 * The body of one message on the poll queue: a subscription the scheduler found due, with the
 * `nextFetchAt` it was found with. The worker claims on that value, so a message that arrives
 * twice, or after the subscription was polled, claims nothing.
 */
export const PollMessageSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  url: z.url(),
  nextFetchAt: z.iso.datetime(),
});

export class InvalidPollMessageError extends Error {
  override readonly name = 'InvalidPollMessageError';
  constructor(
    readonly messageId: string,
    detail: string,
  ) {
    super(`poll message ${messageId} is not a due subscription: ${detail}`);
  }
}

export function pollMessageBody(entry: DueSubscription): string {
  return JSON.stringify({ id: entry.id, url: entry.url, nextFetchAt: entry.nextFetchAt });
}

/** Validates a message as received from the queue: anything else than what the scheduler sends is refused. */
export function parsePollMessage(messageId: string, body: string): DueSubscription {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidPollMessageError(messageId, 'the body is not JSON');
  }
  const parsed = PollMessageSchema.safeParse(json);
  if (!parsed.success) throw new InvalidPollMessageError(messageId, describeSchemaError(parsed.error));
  return parsed.data;
}
