import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { HubUrlListSchema } from '../shared/config/runtime-env.ts';
import { FEED_FORMATS, feedObjectKey } from '../shared/feed/feed-id.ts';
import { SITE_OPML_KEY } from '../shared/site/site-keys.ts';
import { defaultLocalStatePath } from './local-pipeline-contract.ts';
import { startLocalPipeline } from './local-pipeline.ts';
import { writeJsonLine } from './emulators/json-line-log.ts';

const StartEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** How often the local stand-in for the EventBridge schedule runs the poller. */
  POLL_EVERY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  /** WebSub hubs to advertise and ping, comma-separated, e.g. a hub under test on 127.0.0.1. */
  FEEDLINE_WEBSUB_HUBS: HubUrlListSchema,
});

const PROJECT_ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');

async function main(): Promise<void> {
  const env = StartEnvSchema.parse(process.env);
  const pipeline = await startLocalPipeline({
    port: env.PORT,
    seedSamplePosts: true,
    pollIntervalMs: env.POLL_EVERY_SECONDS * 1000,
    websubHubUrls: env.FEEDLINE_WEBSUB_HUBS,
    statePath: defaultLocalStatePath(PROJECT_ROOT),
  });
  await pipeline.drain();
  printWelcome(pipeline.state.feedServerUrl, env.POLL_EVERY_SECONDS);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the local pipeline…\n`);
    await pipeline.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function printWelcome(baseUrl: string, pollEverySeconds: number): void {
  const feeds = FEED_FORMATS.map((format) => `  ${new URL(feedObjectKey('all', format), baseUrl)}`).join('\n');
  process.stdout.write(`
Feedline is running offline (DynamoDB Local + S3 emulator + stream handler).

  index of every feed:  ${baseUrl}
  OPML of every feed:   ${new URL(SITE_OPML_KEY, baseUrl)}
  site-wide feeds:
${feeds}
  topic feeds:          ${new URL(feedObjectKey('topics/kazakhstan', 'atom'), baseUrl)} (and the other topics)
  partner feeds:        ${new URL(feedObjectKey('sources/steppe-wire', 'atom'), baseUrl)} (also valley-monitor, border-notes)
  The poller runs every ${pollEverySeconds} s; the sample partner feeds are served on 127.0.0.1.

Try:  npx feedline post put local/sample-posts/zhanakum-oil-workers-walk-out.json
      npx feedline post list
      npx feedline post delete <id>
      npx feedline sub list
      npx feedline sub add <feed-url> --topic <slug>
      npx feedline sub poll [<id>]

Ctrl-C stops everything.
`);
}

main().catch((error: unknown) => {
  writeJsonLine({ level: 'error', message: 'local pipeline failed to start', error });
  process.exit(1);
});
