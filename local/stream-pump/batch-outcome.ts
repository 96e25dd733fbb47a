import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { describeError } from '../../shared/errors/error-description.ts';

/** What one handler invocation produced. */
export type HandlerOutcome = { kind: 'returned'; response: DynamoDBBatchResponse | void } | { kind: 'threw'; error: unknown };

/** What the pump does next with a batch after an invocation. */
export type DeliveryStep =
  | { kind: 'done' }
  | { kind: 'retry'; records: DynamoDBRecord[]; reason: string }
  | { kind: 'give-up'; records: DynamoDBRecord[]; reason: string };

export interface DeliveryAttempt {
  records: DynamoDBRecord[];
  outcome: HandlerOutcome;
  /** Retries already made for this batch (0 after the first invocation). */
  retriesSoFar: number;
  maximumRetryAttempts: number;
}

/**
 * Lambda's rules for a stream batch with ReportBatchItemFailures
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html):
 * an empty or missing failure list is success; a thrown error, or a failure naming an empty,
 * null or unknown sequence number, fails the whole batch; otherwise the batch is retried from
 * the lowest failed sequence number, keeping every record after it. After the last retry the
 * failing records go to the on-failure destination and the shard moves on.
 */
export function nextDeliveryStep(attempt: DeliveryAttempt): DeliveryStep {
  const failure = failedRecords(attempt.records, attempt.outcome);
  if (!failure) return { kind: 'done' };
  if (attempt.retriesSoFar >= attempt.maximumRetryAttempts) {
    return { kind: 'give-up', records: failure.records, reason: failure.reason };
  }
  return { kind: 'retry', records: failure.records, reason: failure.reason };
}

interface Failure {
  records: DynamoDBRecord[];
  reason: string;
}

function failedRecords(records: DynamoDBRecord[], outcome: HandlerOutcome): Failure | null {
  if (outcome.kind === 'threw') return { records, reason: `handler threw: ${describeError(outcome.error)}` };
  const failures = outcome.response?.batchItemFailures;
  if (failures === undefined || failures === null || failures.length === 0) return null;
  const sequenceNumbers = records.map((record) => record.dynamodb?.SequenceNumber);
  let lowest = records.length;
  for (const failure of failures) {
    const index = failure?.itemIdentifier ? sequenceNumbers.indexOf(failure.itemIdentifier) : -1;
    if (index === -1) {
      return { records, reason: `batchItemFailures names an unknown item ${JSON.stringify(failure?.itemIdentifier)}` };
    }
    lowest = Math.min(lowest, index);
  }
  const first = sequenceNumbers[lowest];
  return { records: records.slice(lowest), reason: `batchItemFailures from sequence number ${first}` };
}
