import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { settleSqsBatch, type SqsHandlerOutcome } from '../../../local/queue/sqs-batch-outcome.ts';

const record = (messageId: string) => ({ messageId }) as SQSRecord;
const batch = ['a', 'b', 'c'].map(record);
const ids = (records: SQSRecord[]) => records.map((entry) => entry.messageId);

describe('settleSqsBatch: Lambda’s rules for an SQS batch with ReportBatchItemFailures', () => {
  const cases: { name: string; outcome: SqsHandlerOutcome; handled: string[]; returned: string[] }[] = [
    { name: 'no response is success', outcome: { kind: 'returned', response: undefined }, handled: ['a', 'b', 'c'], returned: [] },
    { name: 'an empty failure list is success', outcome: { kind: 'returned', response: { batchItemFailures: [] } }, handled: ['a', 'b', 'c'], returned: [] },
    { name: 'the listed messages return, the rest are deleted', outcome: { kind: 'returned', response: { batchItemFailures: [{ itemIdentifier: 'b' }] } }, handled: ['a', 'c'], returned: ['b'] },
    { name: 'a throw returns the whole batch', outcome: { kind: 'threw', error: new Error('boom') }, handled: [], returned: ['a', 'b', 'c'] },
    { name: 'an unknown id returns the whole batch', outcome: { kind: 'returned', response: { batchItemFailures: [{ itemIdentifier: 'z' }] } }, handled: [], returned: ['a', 'b', 'c'] },
    { name: 'an empty id returns the whole batch', outcome: { kind: 'returned', response: { batchItemFailures: [{ itemIdentifier: '' }] } }, handled: [], returned: ['a', 'b', 'c'] },
  ];
  for (const { name, outcome, handled, returned } of cases) {
    it(name, () => {
      const settled = settleSqsBatch(batch, outcome);
      expect({ handled: ids(settled.handled), returned: ids(settled.returned) }).toEqual({ handled, returned });
    });
  }
});
