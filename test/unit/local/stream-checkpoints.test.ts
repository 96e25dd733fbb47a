import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptCheckpointFileError, FileStreamCheckpoints } from '../../../local/stream-pump/stream-checkpoints.ts';

describe('FileStreamCheckpoints', () => {
  let folder: string;
  let file: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'checkpoints-'));
    file = path.join(folder, 'nested', 'stream-checkpoints.json');
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('starts empty, then remembers the last finished sequence number per shard across instances', async () => {
    const first = new FileStreamCheckpoints(file);
    expect(await first.load('stream-1')).toEqual(new Map());
    await first.save('stream-1', 'shard-a', '000000000000000000007');
    await first.save('stream-1', 'shard-b', '000000000000000000009');
    await first.save('stream-1', 'shard-a', '000000000000000000012');
    const second = new FileStreamCheckpoints(file);
    expect(await second.load('stream-1')).toEqual(new Map([['shard-a', '000000000000000000012'], ['shard-b', '000000000000000000009']]));
  });

  it('forgets positions of another stream: a table created anew starts from its own stream', async () => {
    await new FileStreamCheckpoints(file).save('stream-1', 'shard-a', '5');
    const checkpoints = new FileStreamCheckpoints(file);
    expect(await checkpoints.load('stream-2')).toEqual(new Map());
    await checkpoints.save('stream-2', 'shard-x', '1');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ streamArn: 'stream-2', shards: { 'shard-x': '1' } });
  });

  it('refuses a corrupt file with its path and what to do, rather than re-reading silently', async () => {
    await new FileStreamCheckpoints(file).save('stream-1', 'shard-a', '5');
    await writeFile(file, '{"streamArn": 3');
    await expect(new FileStreamCheckpoints(file).load('stream-1')).rejects.toThrow(CorruptCheckpointFileError);
    await expect(new FileStreamCheckpoints(file).load('stream-1')).rejects.toThrow(/delete it/);
  });
});
