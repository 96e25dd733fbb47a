import * as z from 'zod';
import { describeSchemaError } from '../validation/field-problems.ts';

/**
 * The message Lambda sends to a stream mapping's on-failure destination when a batch is dropped
 * after its retries (or for its age). For DynamoDB streams it holds no records: only the shard,
 * the sequence-number range and the stream, which is what replay re-reads.
 *
 * Only the fields replay relies on are required; the rest of the envelope is kept for reports.
 */
export const FailedBatchMessageSchema = z.object({
  requestContext: z
    .object({
      requestId: z.string().optional(),
      functionArn: z.string().optional(),
      /** e.g. RetryAttemptsExhausted, RecordAgeExceeded. */
      condition: z.string().optional(),
      approximateInvokeCount: z.number().optional(),
    })
    .optional(),
  timestamp: z.string().optional(),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/, 'must be a decimal sequence number'),
    endSequenceNumber: z.string().regex(/^\d+$/, 'must be a decimal sequence number'),
    approximateArrivalOfFirstRecord: z.string().optional(),
    approximateArrivalOfLastRecord: z.string().optional(),
    batchSize: z.number().int().min(0).optional(),
    streamArn: z.string().min(1),
  }),
});

export type FailedBatchMessage = z.output<typeof FailedBatchMessageSchema>;
export type StreamBatchInfo = FailedBatchMessage['DDBStreamBatchInfo'];

/** A queue message that is not a stream on-failure record: left in the queue for a human. */
export class UnreadableFailedBatchError extends Error {
  override readonly name = 'UnreadableFailedBatchError';
}

export function parseFailedBatchMessage(body: string): FailedBatchMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new UnreadableFailedBatchError(`message body is not JSON: ${(error as Error).message}`);
  }
  const parsed = FailedBatchMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new UnreadableFailedBatchError(`not a DynamoDB stream on-failure message: ${describeSchemaError(parsed.error)}`);
}
