import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeJsonLine, type JsonLog } from './json-line-log.ts';

/** An emulator child process that did not come up; carries what it printed so the cause is visible. */
export class EmulatorStartError extends Error {
  override readonly name = 'EmulatorStartError';

  constructor(
    readonly emulator: string,
    reason: string,
    readonly output: { stdout: string; stderr: string },
  ) {
    super(`${emulator} did not start: ${reason}${describeOutput(output)}`);
  }
}

function describeOutput(output: { stdout: string; stderr: string }): string {
  const parts = [
    output.stderr.trim() ? `\n--- stderr ---\n${output.stderr.trim()}` : '',
    output.stdout.trim() ? `\n--- stdout ---\n${output.stdout.trim()}` : '',
  ];
  return parts.join('');
}

export interface EmulatorProcessSpec {
  /** Used in errors, e.g. `DynamoDB Local`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A line on stdout matching this means the process listens; group 1 must be the port. */
  readyLine: RegExp;
  timeoutMs: number;
  log?: JsonLog;
}

export interface RunningEmulatorProcess {
  child: ChildProcess;
  port: number;
  /** Closes stdin (the child exits on EOF), then kills it if it lingers. */
  stop(graceMs?: number): Promise<void>;
}

/** Keeps only the tail of a stream: enough to explain a failure without holding megabytes. */
class OutputTail {
  private text = '';

  constructor(private readonly limit = 8_000) {}

  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.limit);
  }

  toString(): string {
    return this.text;
  }
}

/**
 * Spawns an emulator whose stdin is a pipe it watches for EOF: the pipe closes when this process
 * dies, even on SIGKILL, so the emulator cannot outlive us. Resolves once the ready line appears.
 */
export function spawnEmulatorProcess(spec: EmulatorProcessSpec): Promise<RunningEmulatorProcess> {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group: Ctrl-C in a terminal reaches only the parent, which then stops the
    // emulator in order (closing stdin) instead of losing it mid-shutdown.
    detached: true,
  });
  const stdout = new OutputTail();
  const stderr = new OutputTail();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.append(chunk));
  const output = () => ({ stdout: stdout.toString(), stderr: stderr.toString() });

  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EmulatorStartError(spec.name, reason, output()));
    };
    const timer = setTimeout(() => fail(`no ready line within ${spec.timeoutMs} ms`), spec.timeoutMs);
    child.once('error', (error) => fail(`could not run ${spec.command}: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));

    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      stdout.append(`${line}\n`);
      const match = spec.readyLine.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      // Keep reading stdout so the child never blocks on a full pipe.
      resolve(watchRunningChild(child, Number(match[1]), spec, output));
    });
  });
}

function watchRunningChild(
  child: ChildProcess,
  port: number,
  spec: EmulatorProcessSpec,
  output: () => { stdout: string; stderr: string },
): RunningEmulatorProcess {
  const log = spec.log ?? writeJsonLine;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    log({ level: 'error', message: `${spec.name} exited unexpectedly`, code, signal, stderr: output().stderr });
  });
  child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE only means the child is already gone, which the exit handler reports.
    if (error.code !== 'EPIPE') log({ level: 'warn', message: `${spec.name} stdin error`, error });
  });
  return {
    child,
    port,
    stop: (graceMs) => {
      stopping = true;
      return stopChild(child, graceMs);
    },
  };
}

async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
