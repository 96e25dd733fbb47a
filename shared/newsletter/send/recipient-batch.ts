import * as z from '../../validation/zod-mini.ts';

/** Recipients per queue message: a batch sends in a few seconds at SES's usual rates, well inside the sender's timeout. */
export const RECIPIENTS_PER_BATCH = 50;

/**
 * One queue message: a planned digest and some of its recipients, by lookup key only. The
 * addresses stay in the table, and the sender reads each subscriber's state again just before
 * sending, so an unsubscribe between planning and sending is honoured.
 */
export const RecipientBatchSchema = z.object({
  publication: z.string(),
  newsletter: z.string(),
  slot: z.string(),
  recipients: z.array(z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/))).check(z.minLength(1), z.maxLength(RECIPIENTS_PER_BATCH)),
});

export type RecipientBatch = z.output<typeof RecipientBatchSchema>;

export class RecipientBatchError extends Error {
  override readonly name = 'RecipientBatchError';
}

export function parseRecipientBatch(body: string): RecipientBatch {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new RecipientBatchError('recipient batch is not JSON', { cause: error });
  }
  const parsed = RecipientBatchSchema.safeParse(json);
  if (!parsed.success) throw new RecipientBatchError(`not a recipient batch: ${parsed.error.message}`);
  return parsed.data;
}
