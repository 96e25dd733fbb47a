import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors.ts';
import { OPTIONS, parseArgsOptions, type OptionName } from './command-options.ts';
import { COMMANDS, type Command, type CommandInput } from './command-table.ts';
import { commandUsage, fullUsage, groupUsage } from './usage.ts';

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
  // `feedline help post list` is `feedline post list --help`, as in git and npm.
  const helpWord = loose.positionals[0] === 'help';
  const words = helpWord ? loose.positionals.slice(1) : loose.positionals;
  const wantsHelp = helpWord || loose.values.help === true;
  const command = commandOf(words);
  if (!command) {
    if (wantsHelp) return { kind: 'help', text: fullUsage() };
    throw commandNotFound(words, loose.tokens ?? []);
  }
  if (wantsHelp) return { kind: 'help', text: commandUsage(command) };
  const allowed = new Set<string>([...command.options, 'help']);
  const unknown = (loose.tokens ?? []).find((token) => token.kind === 'option' && !allowed.has(token.name));
  if (unknown?.kind === 'option') throw new UsageError(`${command.name}: unknown option ${unknown.rawName}; see feedline ${command.name} --help`);
  return { kind: 'command', command, input: strictInput(command, argv) };
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** Why no command matched, said as narrowly as the words allow. */
function commandNotFound(words: readonly string[], tokens: readonly Token[]): UsageError {
  const unknown = tokens.find((token) => token.kind === 'option' && !(ALL_OPTIONS as readonly string[]).includes(token.name));
  if (unknown?.kind === 'option') return new UsageError(`unknown option ${unknown.rawName}; see feedline --help`);
  const [group = '', wrong] = words;
  const members = COMMANDS.filter((command) => command.name.startsWith(`${group} `));
  if (members.length === 0) return new UsageError(words.length > 0 ? `unknown command "${words.join(' ')}"` : 'no command given', fullUsage());
  const subcommands = members.map((command) => command.name.slice(group.length + 1)).join(', ');
  const message = wrong === undefined ? `${group} needs one of: ${subcommands}` : `unknown command "${words.join(' ')}"; ${group} takes one of: ${subcommands}`;
  return new UsageError(message, groupUsage(group, members));
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
