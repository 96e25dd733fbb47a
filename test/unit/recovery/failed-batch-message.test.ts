import { describe, expect, it } from 'vitest';
import { parseFailedBatchMessage, UnreadableFailedBatchError } from '../../../shared/recovery/failed-batch-message.ts';
import { onFailureMessage } from '../../../local/failed-batch-directory.ts';

/** The shape Lambda sends to a DynamoDB stream mapping's on-failure destination. */
const AWS_MESSAGE = {
  requestContext: {
    requestId: '316aa6d0-8154-4b5c-9af7-85d5f4a6bc81',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:Feedline-StreamPublisherFunction',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 11,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2026-11-20T14:38:06.021Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001573689847184-864758bb',
    startSequenceNumber: '800000000003126276362',
    endSequenceNumber: '800000000003126276369',
    approximateArrivalOfFirstRecord: '2026-11-20T14:38:04Z',
    approximateArrivalOfLastRecord: '2026-11-20T14:38:05Z',
    batchSize: 3,
    streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/Feedline-PostsTable/stream/2026-11-14T00:04:06.388',
  },
};

describe('parseFailedBatchMessage', () => {
  it('reads the shard, range and stream of a Lambda on-failure message', () => {
    expect(parseFailedBatchMessage(JSON.stringify(AWS_MESSAGE)).DDBStreamBatchInfo).toMatchObject({
      shardId: 'shardId-00000001573689847184-864758bb',
      startSequenceNumber: '800000000003126276362',
      endSequenceNumber: '800000000003126276369',
    });
  });

  it.each([
    { name: 'not JSON', body: 'hello', expected: /not JSON/ },
    { name: 'an SQS test message', body: JSON.stringify({ Event: 's3:TestEvent' }), expected: /DDBStreamBatchInfo/ },
    {
      name: 'a sequence number that is not a number',
      body: JSON.stringify({ ...AWS_MESSAGE, DDBStreamBatchInfo: { ...AWS_MESSAGE.DDBStreamBatchInfo, startSequenceNumber: 'abc' } }),
      expected: /DDBStreamBatchInfo.startSequenceNumber: must be a decimal sequence number/,
    },
  ])('refuses $name with the reason', ({ body, expected }) => {
    expect(() => parseFailedBatchMessage(body)).toThrow(UnreadableFailedBatchError);
    expect(() => parseFailedBatchMessage(body)).toThrow(expected);
  });

  it('accepts what the local pipeline queues, which carries no records either', () => {
    const local = onFailureMessage({
      reason: 'handler threw',
      attempts: 11,
      records: [],
      batchInfo: {
        shardId: 'shardId-1',
        streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/feedline-posts/stream/2026',
        startSequenceNumber: '100',
        endSequenceNumber: '200',
        approximateArrivalOfFirstRecord: undefined,
        approximateArrivalOfLastRecord: undefined,
        batchSize: 2,
      },
    });
    expect(JSON.stringify(local)).not.toContain('records');
    expect(parseFailedBatchMessage(JSON.stringify(local)).DDBStreamBatchInfo).toMatchObject({ startSequenceNumber: '100', endSequenceNumber: '200' });
  });
});
