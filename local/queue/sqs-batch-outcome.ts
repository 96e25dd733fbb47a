import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/** What one handler invocation produced. */
export type SqsHandlerOutcome = { kind: 'returned'; response: SQSBatchResponse | void } | { kind: 'threw'; error: unknown };

export interface SqsBatchSettlement {
  /** Deleted from the queue: handled. */
  handled: SQSRecord[];
  /** Left in the queue: visible again after the visibility timeout, and counted towards its DLQ. */
  returned: SQSRecord[];
  /** Why anything was returned; absent when the whole batch was handled. */
  reason?: string;
}

/**
 * Lambda's rules for an SQS batch with ReportBatchItemFailures
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html): an empty or
 * missing failure list is success; the listed message ids go back to the queue and the rest are
 * deleted; a thrown error, or a failure naming an empty or unknown id, returns the whole batch.
 */
export function settleSqsBatch(records: SQSRecord[], outcome: SqsHandlerOutcome): SqsBatchSettlement {
  if (outcome.kind === 'threw') return { handled: [], returned: records, reason: `handler threw: ${describeError(outcome.error)}` };
  const failures = outcome.response?.batchItemFailures;
  if (failures === undefined || failures === null || failures.length === 0) return { handled: records, returned: [] };
  const ids = new Set(records.map((record) => record.messageId));
  const unknown = failures.find((failure) => !failure?.itemIdentifier || !ids.has(failure.itemIdentifier));
  if (unknown) return { handled: [], returned: records, reason: `batchItemFailures names an unknown message ${JSON.stringify(unknown?.itemIdentifier)}` };
  const failed = new Set(failures.map((failure) => failure.itemIdentifier));
  return {
    handled: records.filter((record) => !failed.has(record.messageId)),
    returned: records.filter((record) => failed.has(record.messageId)),
    reason: `batchItemFailures named ${failed.size} of ${records.length} messages`,
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
