import { describe, expect, it } from 'vitest';
import { shardsReadyToRead, type ShardSummary } from '../../../local/stream-pump/shard-order.ts';

const parent: ShardSummary = { shardId: 'parent', startingSequenceNumber: '100', closed: true };
const child: ShardSummary = { shardId: 'child', parentShardId: 'parent', startingSequenceNumber: '900', closed: false };
const orphan: ShardSummary = { shardId: 'orphan', parentShardId: 'trimmed', startingSequenceNumber: '50', closed: false };

const ids = (shards: ShardSummary[]) => shards.map((shard) => shard.shardId);

describe('shardsReadyToRead', () => {
  it('holds a child back until its parent is fully read', () => {
    expect(ids(shardsReadyToRead([child, parent], new Set()))).toEqual(['parent']);
    expect(ids(shardsReadyToRead([child, parent], new Set(['parent'])))).toEqual(['child']);
  });

  it('does not wait for a parent that is no longer listed', () => {
    expect(ids(shardsReadyToRead([orphan], new Set()))).toEqual(['orphan']);
  });

  it('orders by starting sequence number numerically, not as text', () => {
    const big: ShardSummary = { shardId: 'big', startingSequenceNumber: '1000', closed: false };
    const small: ShardSummary = { shardId: 'small', startingSequenceNumber: '999', closed: false };
    expect(ids(shardsReadyToRead([big, small], new Set()))).toEqual(['small', 'big']);
  });
});
