import type { AttributeValue as StreamAttributeValue, _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue as LambdaAttributeValue, DynamoDBRecord } from 'aws-lambda';

export interface RecordSource {
  /** The stream's ARN: Lambda sets it on every record, the Streams API leaves it out. */
  eventSourceArn: string;
  awsRegion: string;
}

/** A stream record the API returned without a field every Lambda record has. */
export class MalformedStreamRecordError extends Error {
  override readonly name = 'MalformedStreamRecordError';

  constructor(
    readonly missingField: string,
    readonly eventID: string | undefined,
  ) {
    super(`stream record ${eventID ?? '(no eventID)'} has no ${missingField}`);
  }
}

/**
 * Reshapes a record read with the DynamoDB Streams API into the record Lambda delivers:
 * `ApproximateCreationDateTime` as epoch seconds instead of a Date, binary attributes as base64
 * strings instead of bytes, and the Lambda envelope fields (`eventSourceARN`, `eventVersion`, ...).
 */
export function toLambdaRecord(record: StreamApiRecord, source: RecordSource): DynamoDBRecord {
  const stream = record.dynamodb;
  if (!stream?.SequenceNumber) throw new MalformedStreamRecordError('dynamodb.SequenceNumber', record.eventID);
  if (!record.eventName) throw new MalformedStreamRecordError('eventName', record.eventID);
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: source.awsRegion,
    dynamodb: {
      ...(stream.ApproximateCreationDateTime && {
        ApproximateCreationDateTime: Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000),
      }),
      ...(stream.Keys && { Keys: toLambdaImage(stream.Keys) }),
      ...(stream.NewImage && { NewImage: toLambdaImage(stream.NewImage) }),
      ...(stream.OldImage && { OldImage: toLambdaImage(stream.OldImage) }),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
    eventSourceARN: source.eventSourceArn,
    // Present only for TTL deletions, as in Lambda events.
    ...(record.userIdentity && { userIdentity: { ...record.userIdentity } }),
  };
}

function toLambdaImage(image: Record<string, StreamAttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaAttribute(value)]));
}

/** Lambda events carry DynamoDB JSON as the wire sends it: binary values base64-encoded. */
export function toLambdaAttribute(value: StreamAttributeValue): LambdaAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: toBase64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(toBase64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  throw new TypeError(`unknown DynamoDB attribute value type: ${Object.keys(value).join(',')}`);
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
