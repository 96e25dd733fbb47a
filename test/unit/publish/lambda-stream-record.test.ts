import { describe, expect, it } from 'vitest';
import type { _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import {
  MalformedStreamRecordError,
  toLambdaAttribute,
  toLambdaRecord,
} from '../../../shared/publish/stream/lambda-stream-record.ts';

const SOURCE = {
  eventSourceArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/posts/stream/2026-11-25T00:00:00.000',
  awsRegion: 'us-east-1',
};

function apiRecord(overrides: Partial<StreamApiRecord> = {}): StreamApiRecord {
  return {
    eventID: 'e1',
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-11-25T10:00:00.750Z'),
      Keys: { pk: { S: 'POST#p1' }, sk: { S: 'POST' } },
      NewImage: { pk: { S: 'POST#p1' }, sk: { S: 'POST' }, title: { S: 'New' } },
      OldImage: { pk: { S: 'POST#p1' }, sk: { S: 'POST' }, title: { S: 'Old' } },
      SequenceNumber: '000000000000000000123',
      SizeBytes: 77,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...overrides,
  };
}

describe('toLambdaRecord', () => {
  it('produces the record Lambda delivers', () => {
    expect(toLambdaRecord(apiRecord(), SOURCE)).toEqual({
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: SOURCE.eventSourceArn,
      dynamodb: {
        ApproximateCreationDateTime: 1795600800,
        Keys: { pk: { S: 'POST#p1' }, sk: { S: 'POST' } },
        NewImage: { pk: { S: 'POST#p1' }, sk: { S: 'POST' }, title: { S: 'New' } },
        OldImage: { pk: { S: 'POST#p1' }, sk: { S: 'POST' }, title: { S: 'Old' } },
        SequenceNumber: '000000000000000000123',
        SizeBytes: 77,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  });

  it('leaves out images the stream did not send (INSERT has no OldImage)', () => {
    const record = apiRecord({ eventName: 'INSERT' });
    delete record.dynamodb!.OldImage;
    expect(toLambdaRecord(record, SOURCE).dynamodb).not.toHaveProperty('OldImage');
  });

  it('keeps userIdentity for TTL deletions', () => {
    const record = apiRecord({ eventName: 'REMOVE', userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } });
    expect(toLambdaRecord(record, SOURCE).userIdentity).toEqual({ Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
  });

  it('rejects a record without a sequence number, naming the field', () => {
    const record = apiRecord();
    delete record.dynamodb!.SequenceNumber;
    expect(() => toLambdaRecord(record, SOURCE)).toThrow(MalformedStreamRecordError);
    expect(() => toLambdaRecord(record, SOURCE)).toThrow(/dynamodb.SequenceNumber/);
  });
});

describe('toLambdaAttribute', () => {
  it('encodes binary values as base64, recursively', () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    expect(
      toLambdaAttribute({
        M: {
          b: { B: bytes },
          bs: { BS: [bytes] },
          l: { L: [{ N: '1' }, { BOOL: false }, { NULL: true }, { SS: ['a'] }, { NS: ['2'] }] },
        },
      }),
    ).toEqual({
      M: {
        b: { B: 'AAH+/w==' },
        bs: { BS: ['AAH+/w=='] },
        l: { L: [{ N: '1' }, { BOOL: false }, { NULL: true }, { SS: ['a'] }, { NS: ['2'] }] },
      },
    });
  });
});
