import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/cli-errors.ts';
import { readCommandLine } from '../../../cli/command-line.ts';

function usageErrorOf(argv: string[]): UsageError {
  try {
    readCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('the command line before a command is found', () => {
  it('answers an option no command knows with one line, not "no command given" and the whole usage', () => {
    const error = usageErrorOf(['--bogus']);
    expect(error.message).toBe('unknown option --bogus; see feedline --help');
    expect(error.usage).toBeUndefined();
  });

  it('names the subcommands of a group given alone or with a wrong word, with that group\'s usage only', () => {
    const alone = usageErrorOf(['post']);
    expect(alone.message).toBe('post needs one of: put, delete, list');
    expect(alone.usage).toMatch(/^usage: feedline post <command> \[options\]\n/);
    expect(alone.usage).toContain('post delete <id>...');
    expect(alone.usage).not.toContain('sub add');
    expect(usageErrorOf(['newsletter', 'sned']).message).toBe('unknown command "newsletter sned"; newsletter takes one of: add, list, send, preview, subscribers, export, forget');
  });

  it('still prints the whole usage for no arguments and for a word that is no command', () => {
    expect(usageErrorOf([]).usage).toContain('usage: feedline <command> [options]');
    expect(usageErrorOf(['frobnicate']).usage).toContain('usage: feedline <command> [options]');
  });

  it('treats "help" as --help, for the whole CLI and for one command', () => {
    expect(readCommandLine(['help'])).toMatchObject({ kind: 'help', text: expect.stringContaining('usage: feedline <command> [options]') });
    expect(readCommandLine(['help', 'post', 'list'])).toMatchObject({ kind: 'help', text: expect.stringMatching(/^usage: feedline post list/) });
  });
});
