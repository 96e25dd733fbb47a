import { COMMANDS, type Command } from './command-table.ts';
import { OPTIONS, TARGET_OPTIONS, type OptionName, type OptionSpec } from './command-options.ts';

const GLOBAL_OPTIONS: readonly OptionName[] = ['help', 'version'];

/** `feedline --help`: every command and option, from the command table. */
export function fullUsage(): string {
  const commandNames = COMMANDS.map(commandLine);
  const width = Math.max(...commandNames.map((name) => name.length)) + 2;
  const commands = COMMANDS.map((command, index) => indentedRow(commandNames[index] ?? '', command.summary, width));
  const optionNames = [...new Set(COMMANDS.flatMap((command) => command.options))].filter((name) => !(TARGET_OPTIONS as readonly string[]).includes(name));
  return [
    'usage: feedline <command> [options]',
    '',
    'commands:',
    ...commands,
    '',
    'where (every command that reads or writes):',
    ...optionRows(TARGET_OPTIONS),
    '  (neither: the pipeline "npm start" runs, found through .feedline/local.json, FEEDLINE_DATA_DIR or FEEDLINE_LOCAL_STATE)',
    '',
    'options:',
    ...optionRows([...optionNames, ...GLOBAL_OPTIONS]),
    '',
    'exit codes: 0 done, 1 bad input or a failure, 2 usage error',
  ].join('\n');
}

/** Under a usage error naming a group (`feedline post`): its commands only. */
export function groupUsage(group: string, members: readonly Command[]): string {
  const names = members.map(commandLine);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  return [`usage: feedline ${group} <command> [options]`, '', 'commands:', ...members.map((command, index) => indentedRow(names[index] ?? '', command.summary, width)), '', 'feedline --help shows every command and option'].join('\n');
}

/** `feedline <command> --help`, and the text under a usage error of that command. */
export function commandUsage(command: Command): string {
  return [`usage: feedline ${commandLine(command)}${command.options.length > 0 ? ' [options]' : ''}`, ...command.summary.split('\n').map((line) => `  ${line}`), '', 'options:', ...optionRows([...command.options, 'help'])].join('\n');
}

function commandLine(command: Command): string {
  return command.args ? `${command.name} ${command.args}` : command.name;
}

function optionRows(names: readonly OptionName[]): string[] {
  const labels = names.map((name) => optionLabel(name, OPTIONS[name]));
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  return names.map((name, index) => indentedRow(labels[index] ?? '', OPTIONS[name].help, width));
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.value ? ` ${spec.value}` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
}

/** `  label   text`, with continuation lines of `text` aligned under its first. */
function indentedRow(label: string, text: string, width: number): string {
  const [first = '', ...rest] = text.split('\n');
  return [`  ${label.padEnd(width)}${first}`, ...rest.map((line) => `  ${' '.repeat(width)}${line}`)].join('\n');
}
