import { CliError, UsageError } from './cli-errors.ts';
import type { CliTarget, TargetOptions } from './cli-target.ts';
import { readCommandLine } from './command-line.ts';
import type { CommandContext, CommandInput, CommandOutput } from './command-table.ts';
import { packageVersion } from './project-root.ts';
import { describeError } from '../shared/errors/error-description.ts';

const stdout: CommandOutput = { line: (text) => process.stdout.write(`${text}\n`) };
const stderr: CommandOutput = { line: (text) => process.stderr.write(`${text}\n`) };

// `feedline post list | head` closes the pipe early; that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

/** Runs the CLI and returns the exit code: 0 ok, 1 bad input or failure, 2 usage. */
export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

async function run(argv: string[]): Promise<void> {
  const commandLine = readCommandLine(argv);
  if (commandLine.kind === 'version') return stdout.line(`feedline ${packageVersion()}`);
  if (commandLine.kind === 'help') return stdout.line(commandLine.text);
  const runCommand = await commandLine.command.load();
  await runCommand(commandLine.input, commandContext(commandLine.input, process.env));
}

function commandContext(input: CommandInput, env: Record<string, string | undefined>): CommandContext {
  let target: Promise<CliTarget> | undefined;
  return {
    out: stdout,
    err: stderr,
    env,
    target: () => {
      target ??= import('./cli-target.ts').then(({ resolveCliTarget }) => resolveCliTarget(targetOptions(input, env)));
      return target;
    },
  };
}

/** Flags win over the environment; from the environment, a function (which names its table) wins over a table. */
function targetOptions({ values }: CommandInput, env: Record<string, string | undefined>): TargetOptions {
  const flag = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const table = flag('table');
  const functionName = flag('function');
  const fromFlags = table !== undefined || functionName !== undefined;
  return {
    table: fromFlags ? table : env.FEEDLINE_FUNCTION ? undefined : env.FEEDLINE_TABLE,
    functionName: fromFlags ? functionName : env.FEEDLINE_FUNCTION,
    region: flag('region') ?? env.AWS_REGION,
    queueUrl: flag('queue-url'),
    env,
  };
}

function reportError(error: unknown): number {
  if (!(error instanceof CliError)) {
    stderr.line(`error: ${describeError(error)}`);
    return 1;
  }
  stderr.line(`error: ${error.message}`);
  error.details.forEach((detail) => stderr.line(`  ${detail}`));
  if (error instanceof UsageError && error.usage) stderr.line(`\n${error.usage}`);
  return error.exitCode;
}
