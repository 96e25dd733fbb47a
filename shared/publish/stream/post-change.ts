import * as z from 'zod';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Post } from '../../post/post-schema.ts';
import { parsePostStoredAs, type PostValidationError } from '../../post/post-validation.ts';
import { postFields } from '../../store/post-store.ts';
import { POST_PK_PREFIX, POST_SK, TABLE_KEYS } from '../../store/table-design.ts';

/** What one side (old or new image) of a stream record says about a post. */
export type PostState =
  | { kind: 'absent' }
  | { kind: 'invalid'; error: PostValidationError }
  | { kind: 'valid'; post: Post };

/** A stream record about a post, reduced to what the publish path needs. */
export interface PostChange {
  recordId: string;
  sequenceNumber: string;
  postId: string;
  /** When DynamoDB wrote the change (epoch ms), for syndication latency. */
  writtenAt?: number;
  before: PostState;
  after: PostState;
}

const imageSchema = z.record(z.string(), z.unknown());

/** The parts of a Lambda DynamoDB stream record we rely on; anything else is not ours to trust. */
const StreamRecordSchema = z.object({
  eventID: z.string().min(1),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    Keys: z.record(z.string(), z.unknown()),
    NewImage: imageSchema.optional(),
    OldImage: imageSchema.optional(),
    SequenceNumber: z.string().min(1),
    ApproximateCreationDateTime: z.number().optional(),
  }),
});

export type StreamRecordParse =
  | { kind: 'post'; change: PostChange }
  | { kind: 'ignored'; reason: string };

/**
 * Turns a raw stream record into a `PostChange`. Records that are not posts are ignored even
 * though the event-source filter already drops them: the handler must not depend on it.
 */
export function parseStreamRecord(raw: unknown): StreamRecordParse {
  const parsed = StreamRecordSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: `not a DynamoDB stream record: ${parsed.error.message}` };
  const record = parsed.data;
  const keys = unmarshallImage(record.dynamodb.Keys);
  const pk = keys[TABLE_KEYS.partitionKey];
  if (typeof pk !== 'string' || !pk.startsWith(POST_PK_PREFIX) || keys[TABLE_KEYS.sortKey] !== POST_SK) {
    return { kind: 'ignored', reason: 'not a post item' };
  }
  const createdSeconds = record.dynamodb.ApproximateCreationDateTime;
  const postId = pk.slice(POST_PK_PREFIX.length);
  return {
    kind: 'post',
    change: {
      recordId: record.eventID,
      sequenceNumber: record.dynamodb.SequenceNumber,
      postId,
      writtenAt: createdSeconds === undefined ? undefined : createdSeconds * 1000,
      before: toPostState(postId, record.dynamodb.OldImage),
      after: toPostState(postId, record.dynamodb.NewImage),
    },
  };
}

/** Membership keys use the image's id, so an image must be of the post its key names. */
function toPostState(postId: string, image: Record<string, unknown> | undefined): PostState {
  if (!image) return { kind: 'absent' };
  const result = parsePostStoredAs(postId, postFields(unmarshallImage(image)));
  return result.ok ? { kind: 'valid', post: result.post } : { kind: 'invalid', error: result.error };
}

function unmarshallImage(image: Record<string, unknown>): Record<string, unknown> {
  return unmarshall(image as Record<string, AttributeValue>);
}
