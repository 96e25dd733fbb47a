import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors.ts';
import { OPTIONS, parseArgsOptions, type OptionName } from './command-options.ts';
import { COMMANDS, type Command, type CommandInput } from './command-table.ts';
import { commandUsage, fullUsage } from './usage.ts';

const ALL_OPTIONS = Object.keys(OPTIONS) as OptionName[];

export type CommandLine =
  | { kind: 'version' }
  | { kind: 'help'; text: string }
  | { kind: 'command'; command: Command; input: CommandInput };

/**
 * Finds the command in argv (options may come before or after its words) and checks its
 * options and arguments against the command table. Every problem is one `UsageError`.
 */
export function readCommandLine(argv: readonly string[]): CommandLine {
  const loose = parseArgs({ args: [...argv], options: parseArgsOptions(ALL_OPTIONS), strict: false, allowPositionals: true, tokens: true });
  if (loose.values.version === true) return { kind: 'version' };
  const command = commandOf(loose.positionals);
  if (!command) {
    if (loose.values.help === true) return { kind: 'help', text: fullUsage() };
    const words = loose.positionals.join(' ');
    throw new UsageError(words ? `unknown command "${words}"` : 'no command given', fullUsage());
  }
  if (loose.values.help === true) return { kind: 'help', text: commandUsage(command) };
  const allowed = new Set<string>([...command.options, 'help']);
  const unknown = (loose.tokens ?? []).find((token) => token.kind === 'option' && !allowed.has(token.name));
  if (unknown?.kind === 'option') throw new UsageError(`${command.name}: unknown option ${unknown.rawName}; see feedline ${command.name} --help`);
  return { kind: 'command', command, input: strictInput(command, argv) };
}

/** The longest command whose words start the positionals. */
function commandOf(positionals: readonly string[]): Command | undefined {
  return COMMANDS.filter((command) => command.name.split(' ').every((word, index) => positionals[index] === word)).sort((a, b) => b.name.length - a.name.length)[0];
}

function strictInput(command: Command, argv: readonly string[]): CommandInput {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseArgsOptions([...command.options, 'help']), strict: true, allowPositionals: true });
  } catch (error) {
    if (!(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(`${command.name}: ${(error as Error).message}`, commandUsage(command));
  }
  const positionals = parsed.positionals.slice(command.name.split(' ').length);
  const { min, max } = command.positionals;
  if (positionals.length < min) throw new UsageError(`${command.name} needs ${command.args}`, commandUsage(command));
  if (positionals.length > max) throw new UsageError(`${command.name}: unexpected argument "${positionals[max]}"`, commandUsage(command));
  return { values: parsed.values, positionals };
}
