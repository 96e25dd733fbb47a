import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { nextDeliveryStep, type HandlerOutcome } from '../../../local/stream-pump/batch-outcome.ts';

const records: DynamoDBRecord[] = ['100', '200', '300', '400'].map((sequenceNumber) => ({
  eventID: `e${sequenceNumber}`,
  dynamodb: { SequenceNumber: sequenceNumber },
}));

function step(outcome: HandlerOutcome, retriesSoFar = 0, maximumRetryAttempts = 3) {
  return nextDeliveryStep({ records, outcome, retriesSoFar, maximumRetryAttempts });
}

function failures(...itemIdentifiers: unknown[]): HandlerOutcome {
  return { kind: 'returned', response: { batchItemFailures: itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier })) } as never };
}

const sequenceNumbers = (list: DynamoDBRecord[]) => list.map((record) => record.dynamodb?.SequenceNumber);

describe('nextDeliveryStep', () => {
  it.each([
    { name: 'void', outcome: { kind: 'returned', response: undefined } },
    { name: 'empty failure list', outcome: { kind: 'returned', response: { batchItemFailures: [] } } },
    { name: 'null failure list', outcome: { kind: 'returned', response: { batchItemFailures: null } } },
  ] as { name: string; outcome: HandlerOutcome }[])('treats $name as success', ({ outcome }) => {
    expect(step(outcome)).toEqual({ kind: 'done' });
  });

  it('retries from the lowest failed sequence number, keeping the records after it', () => {
    const result = step(failures('400', '200'));
    expect(result.kind).toBe('retry');
    expect(sequenceNumbers(result.kind === 'retry' ? result.records : [])).toEqual(['200', '300', '400']);
  });

  it('retries the whole batch when the handler throws', () => {
    const result = step({ kind: 'threw', error: new RangeError('boom') });
    expect(result).toMatchObject({ kind: 'retry', reason: 'handler threw: RangeError: boom' });
    expect(result.kind === 'retry' && result.records).toHaveLength(4);
  });

  it.each([
    { name: 'an unknown sequence number', identifier: '999' },
    { name: 'an empty identifier', identifier: '' },
    { name: 'a null identifier', identifier: null },
  ])('fails the whole batch for $name, as Lambda does', ({ identifier }) => {
    const result = step(failures('300', identifier));
    expect(result.kind === 'retry' && sequenceNumbers(result.records)).toEqual(['100', '200', '300', '400']);
  });

  it('gives up after the last retry and hands over the failing records', () => {
    expect(step(failures('300'), 2, 3).kind).toBe('retry');
    const result = step(failures('300'), 3, 3);
    expect(result.kind).toBe('give-up');
    expect(result.kind === 'give-up' && sequenceNumbers(result.records)).toEqual(['300', '400']);
  });

  it('gives up at once with zero retries allowed', () => {
    expect(step({ kind: 'threw', error: 'x' }, 0, 0).kind).toBe('give-up');
  });
});
