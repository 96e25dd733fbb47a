import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamApiRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { ShardSummary } from './shard-order.ts';

export class TableStreamMissingError extends Error {
  override readonly name = 'TableStreamMissingError';

  constructor(readonly tableName: string) {
    super(`table ${tableName} has no stream; create it with StreamSpecification NEW_AND_OLD_IMAGES`);
  }
}

export type IteratorPosition =
  | { type: 'TRIM_HORIZON' | 'LATEST' }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface RecordPage {
  records: StreamApiRecord[];
  /** Undefined once a closed shard has been read to its end. */
  nextIterator: string | undefined;
}

/** GetRecords returns at most 1,000 records per call. */
const MAX_RECORDS_PER_READ = 1000;

/** The current stream of a table, as the event source mapping would be configured with it. */
export async function latestStreamArn(dynamoDb: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled) throw new TableStreamMissingError(tableName);
  return Table.LatestStreamArn;
}

/** The DynamoDB Streams calls the pump makes, one method per API call. */
export class StreamReader {
  constructor(
    private readonly streams: DynamoDBStreamsClient,
    readonly streamArn: string,
  ) {}

  async listShards(): Promise<ShardSummary[]> {
    const shards: ShardSummary[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId) continue;
        shards.push({
          shardId: shard.ShardId,
          parentShardId: shard.ParentShardId,
          startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber,
          closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
        });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async openIterator(shardId: string, position: IteratorPosition): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ShardIteratorType: position.type,
        SequenceNumber: position.type === 'AFTER_SEQUENCE_NUMBER' ? position.sequenceNumber : undefined,
      }),
    );
    return ShardIterator;
  }

  async readPage(iterator: string): Promise<RecordPage> {
    const { Records, NextShardIterator } = await this.streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: MAX_RECORDS_PER_READ }),
    );
    return { records: Records ?? [], nextIterator: NextShardIterator };
  }
}
