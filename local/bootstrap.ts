import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { BucketAlreadyExists, BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DUE_INDEX,
  DUE_INDEX_PROJECTED_ATTRIBUTES,
  SUBSCRIPTIONS_BY_PUBLICATION_INDEX,
  TABLE_KEYS,
  TIME_TO_LIVE_ATTRIBUTE,
} from '../shared/store/table-design.ts';

/** An existing table that cannot serve Feedline (no stream, other keys); carries what was found. */
export class TableMismatchError extends Error {
  override readonly name = 'TableMismatchError';

  constructor(
    readonly tableName: string,
    readonly problem: string,
  ) {
    super(`table ${tableName} exists but ${problem}`);
  }
}

/**
 * The posts table as the CDK stack defines it: on-demand, string keys from `TABLE_KEYS`, the
 * sparse due index of subscriptions and their index by publication, and a stream with both images so the handler can diff a
 * post's old and new topics. Its TTL is set by `createTable`: CreateTable has no TTL setting.
 */
export function postsTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      { AttributeName: DUE_INDEX.partitionKey, AttributeType: 'N' },
      { AttributeName: DUE_INDEX.sortKey, AttributeType: 'S' },
      ...SUBSCRIPTIONS_BY_PUBLICATION_ATTRIBUTES,
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DUE_INDEX.name,
        KeySchema: [
          { AttributeName: DUE_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: DUE_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...DUE_INDEX_PROJECTED_ATTRIBUTES] },
      },
      SUBSCRIPTIONS_BY_PUBLICATION,
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

const SUBSCRIPTIONS_BY_PUBLICATION_ATTRIBUTES = [
  { AttributeName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey, AttributeType: 'S' },
  { AttributeName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.sortKey, AttributeType: 'S' },
] as const;

const SUBSCRIPTIONS_BY_PUBLICATION: GlobalSecondaryIndex = {
  IndexName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.name,
  KeySchema: [
    { AttributeName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.partitionKey, KeyType: 'HASH' },
    { AttributeName: SUBSCRIPTIONS_BY_PUBLICATION_INDEX.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
};

/** Whether the table exists already (a kept local database), before `createTable` makes sure of it. */
export async function tableExists(dynamoDb: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await dynamoDb.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** Creates the posts table unless it exists; either way returns once it is ACTIVE with its stream and indexes. */
export async function createTable(dynamoDb: DynamoDBClient, tableName: string): Promise<TableDescription> {
  try {
    await dynamoDb.send(new CreateTableCommand(postsTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const table = await waitUntilActive(dynamoDb, tableName);
  assertServesFeedline(tableName, table);
  await enableTimeToLive(dynamoDb, tableName);
  return addSubscriptionsByPublication(dynamoDb, table);
}

/**
 * A table kept by an `npm start` from before publications has no `subscriptionsByPublication`
 * index; CreateTable of an existing table changes nothing, so it is added here, as the stack's
 * next deploy adds it. `feedline migrate` then fills it.
 */
async function addSubscriptionsByPublication(dynamoDb: DynamoDBClient, table: TableDescription): Promise<TableDescription> {
  const tableName = table.TableName ?? '';
  if ((table.GlobalSecondaryIndexes ?? []).some((index) => index.IndexName === SUBSCRIPTIONS_BY_PUBLICATION_INDEX.name)) return table;
  await dynamoDb.send(
    new UpdateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [...SUBSCRIPTIONS_BY_PUBLICATION_ATTRIBUTES],
      GlobalSecondaryIndexUpdates: [{ Create: SUBSCRIPTIONS_BY_PUBLICATION }],
    }),
  );
  return waitUntilActive(dynamoDb, tableName);
}

/**
 * Turns on expiry by `TIME_TO_LIVE_ATTRIBUTE`, as the stack does. DynamoDB Local accepts it (its
 * expiry may never run); asking first, because enabling it twice is a ValidationException.
 */
async function enableTimeToLive(dynamoDb: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await dynamoDb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    if (ttl.AttributeName === TIME_TO_LIVE_ATTRIBUTE) return;
    throw new TableMismatchError(tableName, `expires items by ${ttl.AttributeName ?? '?'}, expected ${TIME_TO_LIVE_ATTRIBUTE}`);
  }
  await dynamoDb.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TIME_TO_LIVE_ATTRIBUTE, Enabled: true } }),
  );
}

/**
 * DynamoDB Local reports ACTIVE at once, real DynamoDB after seconds; the SDK waiter's 1 s
 * minimum delay would cost every test a second, so poll briefly instead.
 */
async function waitUntilActive(dynamoDb: DynamoDBClient, tableName: string, timeoutMs = 60_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((index) => (index.IndexStatus ?? 'ACTIVE') === 'ACTIVE')) return Table;
    if (Date.now() > deadline) {
      throw new TableMismatchError(tableName, `is still ${Table?.TableStatus ?? 'undescribed'} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function assertServesFeedline(tableName: string, table: TableDescription): void {
  const keys = (table.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const expected = `${TABLE_KEYS.partitionKey}:HASH,${TABLE_KEYS.sortKey}:RANGE`;
  if (keys !== expected) throw new TableMismatchError(tableName, `has keys ${keys}, expected ${expected}`);
  const stream = table.StreamSpecification;
  if (!stream?.StreamEnabled || stream.StreamViewType !== 'NEW_AND_OLD_IMAGES') {
    throw new TableMismatchError(tableName, 'has no NEW_AND_OLD_IMAGES stream');
  }
}

/** Creates the feed bucket unless this account already has it. */
export async function createBucket(s3: S3Client, bucketName: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    if (error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists) return;
    throw error;
  }
}
