import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { startLocalPipeline, LOCAL_BUCKET } from './local-pipeline.ts';
import { writeJsonLine } from './emulators/json-line-log.ts';

const ArgsSchema = z.object({ out: z.string().min(1, '--out <dir> is required') });

/**
 * Renders the sample posts through the real local pipeline (stream and handler included) and
 * copies every feed document out of the bucket, for the validators in CI.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const { out } = ArgsSchema.parse(values);
  // CI wants the validators' verdict, not a log line per regenerated feed.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const pipeline = await startLocalPipeline({ port: 0, seedSamplePosts: true });
  try {
    await pipeline.drain();
    const keys = await listFeedKeys(pipeline.clients.s3);
    for (const key of keys) {
      const object = await pipeline.clients.s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
      const target = path.join(out, key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, (await object.Body?.transformToString('utf-8')) ?? '');
    }
    process.stdout.write(`rendered ${keys.length} feed documents into ${out}\n`);
  } finally {
    await pipeline.stop();
  }
}

async function listFeedKeys(s3: import('@aws-sdk/client-s3').S3Client): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: 'feeds/', ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

main().catch((error: unknown) => {
  writeJsonLine({ level: 'error', message: 'rendering the sample feeds failed', error });
  process.exit(1);
});
