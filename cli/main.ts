import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PostStore } from '../shared/store/post-store.ts';
import { LocalPipelineNotRunningError } from '../local/local-state.ts';
import { resolveCliTarget } from './cli-target.ts';
import { AggregatePostError, InputError, deletePost, listPosts, putPosts, readPostsFromJson, type CommandOutput } from './post-commands.ts';
import { RECOVERY_OPTIONS_USAGE, RECOVERY_USAGE, RecoveryIncompleteError, RecoveryUsageError, runRecoveryCommand } from './recovery-commands.ts';
import { RecoveryTargetError } from './recovery-target.ts';
import { SUBSCRIPTION_OPTIONS_USAGE, SUBSCRIPTION_USAGE, SubscriptionUsageError, runSubscriptionCommand } from './subscription-commands.ts';

const USAGE = `usage: feedline <command> [options]

commands:
  post put <file.json|->   validate and write one post (or a JSON array of posts)
  post delete <id>         delete a post (it leaves its feeds)
  post list                list every post, newest first
${SUBSCRIPTION_USAGE}
${RECOVERY_USAGE}

options:
  --table <name>    use a real DynamoDB table (default: the running "npm start" pipeline)
  --region <name>   AWS region of --table (default: us-east-1)
  -h, --help        show this help
${SUBSCRIPTION_OPTIONS_USAGE}
${RECOVERY_OPTIONS_USAGE}

env: FEEDLINE_TABLE and AWS_REGION are read when --table/--region are not given;
     FEEDLINE_LOCAL_STATE overrides where the running pipeline is found (.feedline/local.json).`;

const OptionsSchema = z.object({
  table: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  help: z.boolean().optional(),
});

const stdout: CommandOutput = { line: (text) => process.stdout.write(`${text}\n`) };

// `feedline post list | head` closes the pipe early; that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

class UsageError extends Error {
  override readonly name = 'UsageError';
}

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(argv: string[]): Promise<void> {
  if (argv[0] === 'sub' && !argv.includes('--help') && !argv.includes('-h')) {
    return runSubscriptionCommand(argv.slice(1), { out: stdout, resolveTarget: resolveCliTarget, env: process.env });
  }
  if ((argv[0] === 'rebuild' || argv[0] === 'dlq') && !argv.includes('--help') && !argv.includes('-h')) {
    return runRecoveryCommand(argv, { out: stdout, env: process.env });
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { table: { type: 'string' }, region: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const options = OptionsSchema.parse(values);
  const [group, command, argument] = positionals;
  if (options.help || group === undefined) {
    stdout.line(USAGE);
    return;
  }
  if (group !== 'post') throw new UsageError(`unknown command "${group}"`);
  // Validate input before connecting anywhere: a bad file never needs a running pipeline.
  const posts =
    command === 'put' && argument
      ? readPostsFromJson(await readInput(argument), argument === '-' ? 'stdin' : argument)
      : [];
  const target = await resolveCliTarget({
    table: options.table ?? process.env.FEEDLINE_TABLE,
    region: options.region ?? process.env.AWS_REGION,
    stateFile: process.env.FEEDLINE_LOCAL_STATE,
  });
  const store = new PostStore(target.clients.documents, target.tableName);
  if (command === 'put' && argument) {
    await putPosts(posts, store, stdout, target.feedServerUrl);
  } else if (command === 'delete' && argument) {
    await deletePost(argument, store, stdout);
  } else if (command === 'list') {
    await listPosts(store, stdout);
  } else {
    throw new UsageError(`unknown or incomplete command "post ${command ?? ''}"`);
  }
}

/** Runs the CLI and returns the exit code: 0 ok, 1 bad input or failure, 2 usage. */
export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof AggregatePostError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const invalid of error.errors) {
      process.stderr.write(`  post ${invalid.postId ?? '(no id)'}:\n`);
      for (const problem of invalid.problems) process.stderr.write(`    ${problem.field}: ${problem.reason}\n`);
    }
    return 1;
  }
  if (error instanceof UsageError || error instanceof SubscriptionUsageError || error instanceof RecoveryUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (error instanceof InputError || error instanceof LocalPipelineNotRunningError || error instanceof RecoveryIncompleteError || error instanceof RecoveryTargetError) {
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  return 1;
}
