/** What the pump needs to know about a shard from DescribeStream. */
export interface ShardSummary {
  shardId: string;
  parentShardId?: string;
  startingSequenceNumber?: string;
  /** The shard has an EndingSequenceNumber: it takes no new records. */
  closed: boolean;
}

/**
 * Shards to read now, oldest first. A child shard waits until its parent is fully read, as Lambda
 * does, so a post's records are always handled in write order; a parent that is no longer listed
 * (trimmed after 24 h) does not block its child.
 */
export function shardsReadyToRead(shards: readonly ShardSummary[], finished: ReadonlySet<string>): ShardSummary[] {
  const known = new Set(shards.map((shard) => shard.shardId));
  return shards
    .filter((shard) => !finished.has(shard.shardId))
    .filter((shard) => !shard.parentShardId || finished.has(shard.parentShardId) || !known.has(shard.parentShardId))
    .sort(byStartingSequenceNumber);
}

function byStartingSequenceNumber(a: ShardSummary, b: ShardSummary): number {
  const left = BigInt(a.startingSequenceNumber ?? '0');
  const right = BigInt(b.startingSequenceNumber ?? '0');
  return left < right ? -1 : left > right ? 1 : 0;
}
