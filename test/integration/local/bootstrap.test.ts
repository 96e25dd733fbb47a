import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createBucket, createTable, postsTableDefinition, TableMismatchError } from '../../../local/bootstrap.ts';
import { TIME_TO_LIVE_ATTRIBUTE } from '../../../shared/store/table-design.ts';
import { startDynamoDbLocal } from '../../../local/emulators/dynamodb-local.ts';
import { createAwsClients } from '../../../shared/aws/aws-clients.ts';
import { createEmulatorClients, destroyClients, emulatorClientOptions } from '../../support/emulator-clients.ts';
import { uniqueResourceName } from '../../support/unique-names.ts';

const clients = createEmulatorClients();
afterAll(() => destroyClients(clients));

describe('bootstrap', () => {
  it('creates the posts table with its stream, and accepts it when it already exists', async () => {
    const tableName = uniqueResourceName('bootstrap-table');
    const created = await createTable(clients.dynamoDb, tableName);
    const again = await createTable(clients.dynamoDb, tableName);
    expect(again.TableArn).toBe(created.TableArn);
    const { Table } = await clients.dynamoDb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table).toMatchObject({
      TableStatus: 'ACTIVE',
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(Table?.LatestStreamArn).toBeTruthy();
    const { TimeToLiveDescription } = await clients.dynamoDb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TIME_TO_LIVE_ATTRIBUTE });
  });

  // Its own DynamoDB Local: on the one the whole suite shares, a new index stayed CREATING for over a
  // minute while other files wrote, as it never does on `npm start`'s own instance.
  it('adds the subscriptionsByPublication index to a table created before publications', async () => {
    const ownDynamoDb = await startDynamoDbLocal();
    const own = createAwsClients({ ...emulatorClientOptions(), dynamoDbEndpoint: ownDynamoDb.endpoint });
    try {
      await addsTheIndexToAnOldTable(own.dynamoDb);
    } finally {
      destroyClients(own);
      await ownDynamoDb.stop();
    }
  }, 120_000);

  it('refuses an existing table without a stream', async () => {
    const tableName = uniqueResourceName('bootstrap-nostream');
    const { StreamSpecification: _stream, ...withoutStream } = postsTableDefinition(tableName);
    await clients.dynamoDb.send(new CreateTableCommand(withoutStream));
    await expect(createTable(clients.dynamoDb, tableName)).rejects.toThrow(TableMismatchError);
  });

  it('creates a bucket idempotently', async () => {
    const bucket = uniqueResourceName('bootstrap-bucket');
    await createBucket(clients.s3, bucket);
    await createBucket(clients.s3, bucket);
    await expect(clients.s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
  });
});

async function addsTheIndexToAnOldTable(dynamoDb: DynamoDBClient): Promise<void> {
  const tableName = uniqueResourceName('bootstrap-old');
  const current = postsTableDefinition(tableName);
  const beforePublications = {
    ...current,
    AttributeDefinitions: current.AttributeDefinitions?.filter((attribute) => attribute.AttributeName !== 'subscriptionPublication' && attribute.AttributeName !== 'id'),
    GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter((index) => index.IndexName === 'due'),
  };
  await dynamoDb.send(new CreateTableCommand(beforePublications));
  const table = await createTable(dynamoDb, tableName);
  expect(table.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['due', 'subscriptionsByPublication']);
  const byPublication = table.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'subscriptionsByPublication');
  expect(byPublication?.KeySchema).toEqual([
    { AttributeName: 'subscriptionPublication', KeyType: 'HASH' },
    { AttributeName: 'id', KeyType: 'RANGE' },
  ]);
}
