/**
 * Every error the CLI reports on purpose carries its exit code, so `main` needs no list of
 * error classes: 1 for bad input or a failure, 2 for a usage error (the README's contract).
 */
export abstract class CliError extends Error {
  abstract readonly exitCode: 1 | 2;

  constructor(
    message: string,
    /** Indented lines printed under the message (e.g. each invalid field). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The command line itself is wrong: unknown command or option, missing or extra argument. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(
    message: string,
    /** Printed after the message; a bare unknown option gets the one line alone. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The arguments parse, but what they name is invalid or absent. */
export class InputError extends CliError {
  override readonly name: string = 'InputError';
  readonly exitCode = 1;
}

/** The command ran, but something is left to do (a feed failed, a message was kept, a post was missing). */
export class CommandIncompleteError extends CliError {
  override readonly name = 'CommandIncompleteError';
  readonly exitCode = 1;
}
