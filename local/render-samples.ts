import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import * as z from 'zod';
import type { AwsClients } from '../shared/aws/aws-clients.ts';
import { loadStreamFunctionConfig } from '../shared/config/stream-function-config.ts';
import { isArchiveObjectKey } from '../shared/feed/feed-id.ts';
import type { EventLog } from '../shared/log/event-log.ts';
import { startLocalPipeline, LOCAL_BUCKET } from './local-pipeline.ts';
import { rebuildNetwork } from './network-rebuild.ts';
import { writeJsonLine } from './emulators/json-line-log.ts';

const SAMPLE_PAGE_SIZE = 5;
/** More than the samples hold, so the live run closes no archive page. */
const WHOLE_SAMPLE_FEED = 50;

const WARNINGS_ONLY: EventLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, attributes) => writeJsonLine({ level: 'warn', message, ...attributes }),
  error: (message, attributes) => writeJsonLine({ level: 'error', message, ...attributes }),
};

const ArgsSchema = z.object({ out: z.string().min(1, '--out <dir> is required') });

/**
 * Renders the sample posts through the real local pipeline (stream and handler included) and
 * copies every feed document of every publication out of the bucket, for the validators in CI.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const { out } = ArgsSchema.parse(values);
  // CI wants the validators' verdict, not a log line per regenerated feed, nor the SDK's Node 22 notice.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // No page closes while the samples arrive (their order varies run to run); the rebuild below then
  // cuts every feed into pages of SAMPLE_PAGE_SIZE, the same pages every run.
  const pipeline = await startLocalPipeline({ port: 0, seedSamplePosts: true, itemsPerFeed: WHOLE_SAMPLE_FEED });
  try {
    await pipeline.drain();
    const rebuilt = await rebuildWithSmallPages(pipeline.clients);
    const keys = await listFeedKeys(pipeline.clients.s3);
    for (const key of keys) {
      const object = await pipeline.clients.s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
      const target = path.join(out, key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, (await object.Body?.transformToString('utf-8')) ?? '');
    }
    const archivePages = keys.filter((key) => isArchiveObjectKey(key.replace(PUBLICATION_FOLDER, ''))).length;
    process.stdout.write(`rendered ${keys.length} feed documents (${archivePages} of them archive pages, ${rebuilt} feeds with ${SAMPLE_PAGE_SIZE} items a page) into ${out}\n`);
  } finally {
    await pipeline.stop();
  }
}

/**
 * The samples fill no archive page at 50 items a feed: rebuild every feed of every publication
 * with a page size small enough to close pages in `all` and the larger topics, so the validators
 * see archive pages and their links too. Reads the environment the stream handler module was given.
 */
async function rebuildWithSmallPages(clients: AwsClients): Promise<number> {
  const config = loadStreamFunctionConfig(process.env);
  const reports = await rebuildNetwork({
    clients,
    tableName: config.tableName,
    bucketName: config.bucketName,
    defaultSite: config.site,
    log: WARNINGS_ONLY,
    siteOverrides: { itemsPerFeed: SAMPLE_PAGE_SIZE },
  });
  const failed = reports.flatMap(({ publicationId, report }) => report.failed.map((failure) => `${publicationId}:${failure.feedId}`));
  if (failed.length > 0) throw new Error(`rebuild failed for ${failed.join(', ')}`);
  return reports.flatMap(({ report }) => report.published).filter((result) => result.archive.pageCount > 0).length;
}

/** The feeds of every publication: the default one's under `feeds/`, the others' under `pubs/<id>/feeds/`. */
const PUBLICATION_FOLDER = /^pubs\/[a-z0-9-]+\//;
const FEED_KEY = /^(?:pubs\/[a-z0-9-]+\/)?feeds\//;

async function listFeedKeys(s3: import('@aws-sdk/client-s3').S3Client): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of ['feeds/', 'pubs/']) {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: LOCAL_BUCKET, Prefix: prefix })) {
      keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key && FEED_KEY.test(object.Key) ? [object.Key] : [])));
    }
  }
  return keys.sort();
}

main().catch((error: unknown) => {
  writeJsonLine({ level: 'error', message: 'rendering the sample feeds failed', error });
  process.exit(1);
});
