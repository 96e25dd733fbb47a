import * as z from '../../validation/zod-mini.ts';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Post } from '../../post/post-schema.ts';
import { parsePostStoredAs, type PostValidationError, type StoredPostKey } from '../../post/post-validation.ts';
import { postFields } from '../../store/post-store.ts';
import { MalformedPostKeyError, POST_SK, TABLE_KEYS, parsePostPartitionKey } from '../../store/table-design.ts';
import type { PublicationId } from '../../publication/publication-keys.ts';

/** What one side (old or new image) of a stream record says about a post. */
export type PostState =
  | { kind: 'absent' }
  | { kind: 'invalid'; error: PostValidationError }
  | { kind: 'valid'; post: Post };

/** A stream record about a post, reduced to what the publish path needs. */
export interface PostChange {
  recordId: string;
  sequenceNumber: string;
  /** The publication whose partition the post item is in: its feeds are the only ones it may touch. */
  publicationId: PublicationId;
  postId: string;
  /** When DynamoDB wrote the change (epoch ms), for syndication latency. */
  writtenAt?: number;
  before: PostState;
  after: PostState;
}

const imageSchema = z.record(z.string(), z.unknown());

/** The parts of a Lambda DynamoDB stream record we rely on; anything else is not ours to trust. */
const StreamRecordSchema = z.object({
  eventID: z.string().check(z.minLength(1)),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    Keys: z.record(z.string(), z.unknown()),
    NewImage: z.optional(imageSchema),
    OldImage: z.optional(imageSchema),
    SequenceNumber: z.string().check(z.minLength(1)),
    ApproximateCreationDateTime: z.optional(z.number()),
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
  if (typeof pk !== 'string' || keys[TABLE_KEYS.sortKey] !== POST_SK) return { kind: 'ignored', reason: 'not a post item' };
  const key = postKeyOf(pk);
  if (key.kind === 'ignored') return key;
  const { publicationId, postId } = key;
  const createdSeconds = record.dynamodb.ApproximateCreationDateTime;
  return {
    kind: 'post',
    change: {
      recordId: record.eventID,
      sequenceNumber: record.dynamodb.SequenceNumber,
      publicationId,
      postId,
      writtenAt: createdSeconds === undefined ? undefined : createdSeconds * 1000,
      before: toPostState(key, record.dynamodb.OldImage),
      after: toPostState(key, record.dynamodb.NewImage),
    },
  };
}

/** A key naming no valid publication is no post of ours: nothing may file it under a guessed one. */
function postKeyOf(pk: string): { kind: 'key'; publicationId: PublicationId; postId: string } | { kind: 'ignored'; reason: string } {
  try {
    return { kind: 'key', ...parsePostPartitionKey(pk) };
  } catch (error) {
    if (!(error instanceof MalformedPostKeyError)) throw error;
    return { kind: 'ignored', reason: `not a post item: ${error.message}` };
  }
}

/** Membership keys use the image's id, so an image must be of the post (and publication) its key names. */
function toPostState(key: StoredPostKey, image: Record<string, unknown> | undefined): PostState {
  if (!image) return { kind: 'absent' };
  const result = parsePostStoredAs(key, postFields(unmarshallImage(image)));
  return result.ok ? { kind: 'valid', post: result.post } : { kind: 'invalid', error: result.error };
}

function unmarshallImage(image: Record<string, unknown>): Record<string, unknown> {
  return unmarshall(image as Record<string, AttributeValue>);
}
