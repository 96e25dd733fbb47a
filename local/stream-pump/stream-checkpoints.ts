import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';

/**
 * Where the pump remembers, per shard, the last record whose batch it finished (handled, or handed
 * to the on-failure destination), so a restarted `npm start` resumes after it instead of reading
 * the stream again from its start. Lambda's event source mapping keeps the same position for a
 * function; a kill between a batch and its checkpoint re-delivers that batch, which the publisher
 * absorbs (unchanged bytes are never written again).
 */
export interface StreamCheckpoints {
  /** Last finished sequence number per shard of this stream; empty for another stream. */
  load(streamArn: string): Promise<Map<string, string>>;
  save(streamArn: string, shardId: string, sequenceNumber: string): Promise<void>;
}

const CheckpointFileSchema = z.object({
  streamArn: z.string(),
  shards: z.record(z.string(), z.string().regex(/^\d+$/)),
});

type CheckpointFile = z.output<typeof CheckpointFileSchema>;

export class CorruptCheckpointFileError extends Error {
  override readonly name = 'CorruptCheckpointFileError';
}

/** Checkpoints in one JSON file, replaced atomically (write, then rename) after every batch. */
export class FileStreamCheckpoints implements StreamCheckpoints {
  private current: CheckpointFile | undefined;

  constructor(private readonly path: string) {}

  async load(streamArn: string): Promise<Map<string, string>> {
    const file = await this.read();
    // A table created anew has a new stream: positions in the old one mean nothing there.
    this.current = file?.streamArn === streamArn ? file : { streamArn, shards: {} };
    return new Map(Object.entries(this.current.shards));
  }

  async save(streamArn: string, shardId: string, sequenceNumber: string): Promise<void> {
    if (this.current?.streamArn !== streamArn) this.current = { streamArn, shards: {} };
    this.current.shards[shardId] = sequenceNumber;
    await mkdir(dirname(this.path), { recursive: true });
    const staging = `${this.path}.${process.pid}.tmp`;
    await writeFile(staging, `${JSON.stringify(this.current, null, 2)}\n`);
    await rename(staging, this.path);
  }

  private async read(): Promise<CheckpointFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = CheckpointFileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new CorruptCheckpointFileError(`${this.path} is not a stream checkpoint file; delete it to read the stream from its start`);
    }
    return parsed.data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the schema check as a corrupt file, with the path and what to do.
    return undefined;
  }
}
